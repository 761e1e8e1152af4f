package io.tracking.simulator.trips;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.auth.DevTokens;
import io.tracking.contract.trip.GeoPoint;

/**
 * {@code PUT {query}/api/v1/orders/{orderId}} with a dispatch token, status {@code ASSIGNED}: the way dispatch
 * registers orders, which reach the trip engine through the query service's outbox. The query service stamps the
 * assignment with its own clock, which {@link #register} returns.
 */
final class QueryOrderRegistration implements OrderRegistration {

    private static final int THREADS = 8;

    private final HttpClient http;
    private final JsonMapper mapper;
    private final URI queryUrl;
    private final String token;
    private final Duration timeout;
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
        Thread thread = new Thread(runnable, "simulator-orders");
        thread.setDaemon(true);
        return thread;
    });

    QueryOrderRegistration(HttpClient http, JsonMapper mapper, URI queryUrl, String jwtSecret, Duration tokenTtl,
            Duration timeout) {
        this.http = http;
        this.mapper = mapper;
        this.queryUrl = queryUrl;
        this.token = DevTokens.mint(jwtSecret, "simulator-dispatch", List.of("dispatch"), tokenTtl);
        this.timeout = timeout;
    }

    @Override
    public Instant register(List<DeliveryOrder> orders) throws InterruptedException {
        List<Callable<Instant>> puts = new ArrayList<>(orders.size());
        for (DeliveryOrder order : orders) {
            puts.add(() -> put(order));
        }
        Instant latest = Instant.EPOCH;
        for (Future<Instant> put : threads.invokeAll(puts)) {
            try {
                Instant assignedAt = put.get();
                latest = assignedAt.isAfter(latest) ? assignedAt : latest;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            }
        }
        return latest;
    }

    private Instant put(DeliveryOrder order) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("driverId", order.driverId());
        body.put("customerId", order.customerId());
        body.put("restaurantId", order.restaurantId());
        body.put("pickup", point(order.pickup()));
        body.put("dropoff", point(order.dropoff()));
        body.put("status", "ASSIGNED");
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/orders/" + order.orderId()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            // the problem body names fields and rules, never the coordinates
            throw new IllegalStateException("PUT of order " + order.orderId() + " answered " + response.statusCode()
                    + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode view = mapper.readTree(response.body());
        return Instant.parse(view.path("driverAssignedAt").asString());
    }

    private static Map<String, Double> point(GeoPoint point) {
        return Map.of("latitude", point.latitude(), "longitude", point.longitude());
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
