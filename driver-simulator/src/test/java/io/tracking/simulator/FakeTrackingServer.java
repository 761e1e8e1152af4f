package io.tracking.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/**
 * A stand-in for the ingest and query services on a JDK HTTP server: checks each bearer token (HS256 signature,
 * subject = the driver of every ping, role), answers 202, and fails or partly rejects chosen requests.
 */
final class FakeTrackingServer implements AutoCloseable {

    private final String secret;
    private final JsonMapper mapper = SimulatorJson.newMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final AtomicInteger ingestRequests = new AtomicInteger();
    private final List<List<Ping>> acceptedRequests = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<String, Ping> newest = new ConcurrentHashMap<>();
    private volatile Set<Integer> unavailableRequests = Set.of();
    private volatile Set<Integer> partlyRejectedRequests = Set.of();
    private volatile Set<String> misplacedDrivers = Set.of();

    FakeTrackingServer(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/locations", this::ingest);
        server.createContext("/api/v1/drivers/", this::query);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Answers 503 to the ingest requests with these 1-based numbers. */
    void failRequests(Integer... numbers) {
        unavailableRequests = Set.of(numbers);
    }

    /** Answers the batch requests with these 1-based numbers with 207, rejecting their first ping. */
    void rejectFirstPingOfRequests(Integer... numbers) {
        partlyRejectedRequests = Set.of(numbers);
    }

    /** Serves a wrong position for these drivers. */
    void misplace(String... driverIds) {
        misplacedDrivers = Set.of(driverIds);
    }

    List<List<Ping>> acceptedRequests() {
        return acceptedRequests;
    }

    List<Ping> acceptedPings() {
        return acceptedRequests.stream().flatMap(List::stream).toList();
    }

    Map<String, Ping> newestByDriver() {
        return newest;
    }

    /** What the server found wrong with requests that should have been right (bad tokens, mixed batches...). */
    List<String> problems() {
        return problems;
    }

    private void ingest(HttpExchange exchange) throws IOException {
        try (exchange) {
            int number = ingestRequests.incrementAndGet();
            boolean batch = exchange.getRequestURI().getPath().equals("/api/v1/locations/batch");
            if (!exchange.getRequestMethod().equals("POST")
                    || !(batch || exchange.getRequestURI().getPath().equals("/api/v1/locations"))) {
                respond(exchange, 404, "");
                return;
            }
            JsonNode claims = claims(exchange);
            byte[] body = readAll(exchange.getRequestBody());
            if (unavailableRequests.contains(number)) {
                respond(exchange, 503, "");
                return;
            }
            List<Ping> pings = new ArrayList<>();
            if (batch) {
                for (JsonNode item : mapper.readTree(body).get("pings")) {
                    pings.add(mapper.treeToValue(item, Ping.class));
                }
            } else {
                pings.add(mapper.readValue(body, Ping.class));
            }
            String problem = problem(claims, pings, batch);
            if (problem != null) {
                problems.add(problem);
                respond(exchange, 403, "");
                return;
            }
            if (batch && partlyRejectedRequests.contains(number)) {
                StringBuilder results = new StringBuilder("{\"results\":[{\"index\":0,\"status\":\"rejected\"}");
                for (int i = 1; i < pings.size(); i++) {
                    results.append(",{\"index\":").append(i).append(",\"status\":\"accepted\"}");
                }
                store(pings.subList(1, pings.size()));
                respond(exchange, 207, results.append("]}").toString());
                return;
            }
            store(pings);
            respond(exchange, 202, batch ? "{\"accepted\":" + pings.size() + "}" : "");
        } catch (RuntimeException e) {
            problems.add(e.toString());
            respond(exchange, 500, "");
        }
    }

    private String problem(JsonNode claims, List<Ping> pings, boolean batch) {
        if (claims == null) {
            return "invalid token";
        }
        if (!claims.get("roles").toString().contains("\"driver\"")) {
            return "token without role driver";
        }
        String subject = claims.get("sub").asString();
        Instant oldest = Instant.now().minus(Duration.ofHours(24));
        Instant previous = null;
        for (Ping ping : pings) {
            if (!ping.driverId().equals(subject)) {
                return "ping of another driver than the token's subject";
            }
            if (batch && ping.recordedAt().isBefore(oldest)) {
                return "batch ping older than 24 h";
            }
            if (previous != null && !ping.recordedAt().isAfter(previous)) {
                return "batch not in recordedAt order";
            }
            previous = ping.recordedAt();
        }
        return null;
    }

    private void store(List<Ping> pings) {
        acceptedRequests.add(List.copyOf(pings));
        for (Ping ping : pings) {
            newest.merge(ping.driverId(), ping,
                    (current, candidate) -> candidate.recordedAt().isAfter(current.recordedAt()) ? candidate : current);
        }
    }

    private void query(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode claims = claims(exchange);
            if (claims == null || !claims.get("roles").toString().contains("\"logistics\"")) {
                respond(exchange, 403, "");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String driverId = path.substring("/api/v1/drivers/".length(), path.length() - "/location".length());
            Ping ping = newest.get(driverId);
            if (ping == null) {
                respond(exchange, 404, "");
                return;
            }
            double latitude = misplacedDrivers.contains(driverId) ? ping.latitude() + 0.01 : ping.latitude();
            respond(exchange, 200, "{\"driverId\":\"" + driverId + "\",\"latitude\":" + latitude + ",\"longitude\":"
                    + ping.longitude() + ",\"recordedAt\":\"" + ping.recordedAt() + "\"}");
        }
    }

    /** The verified claims of the bearer token, or null when it is missing or not signed with the secret. */
    private JsonNode claims(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = header.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
        return mapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
