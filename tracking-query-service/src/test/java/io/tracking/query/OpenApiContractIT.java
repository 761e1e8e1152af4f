package io.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEventType;
import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;
import io.tracking.testsupport.OpenApiContract;
import io.tracking.query.support.SseClient;
import io.tracking.query.support.TripProducer;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The running service (real Kafka and PostgreSQL) against its OpenAPI document {@code static/openapi.yaml}: every
 * answer seen here, good and bad, must be documented for its operation (status, content type, body schema, problem
 * type), and the last test fails for every documented operation and status that no test here produced, so that
 * document and service cannot drift apart unnoticed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractIT extends IntegrationTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load("static/openapi.yaml");

    /** Documented answers this test cannot provoke without breaking the stack: database down, instance full. */
    private static final List<String> NOT_EXERCISED = List.of("503");

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<SseClient> streams = new ArrayList<>();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @AfterEach
    void closeStreams() {
        streams.forEach(SseClient::close);
    }

    // ---- calls, each checked against the document ----

    private Api.Response call(String method, String path, @Nullable String token, @Nullable String contentType,
            @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        Api.Response response = Api.send(request.build());
        CONTRACT.check(method, path, response.status(), response.contentType(), response.body());
        return response;
    }

    private Api.Response get(String path, @Nullable String token) {
        return call("GET", path, token, null, null);
    }

    private Api.Response put(String path, @Nullable String token, String json) {
        return call("PUT", path, token, "application/json", json);
    }

    private Api.Response post(String path, @Nullable String token, String json) {
        return call("POST", path, token, "application/json", json);
    }

    /** Opens a stream; for a refusal, checks its problem body once the server ended the response. */
    private SseClient stream(String orderId, @Nullable String token, @Nullable String lastEventId) {
        String path = "/api/v1/orders/" + orderId + "/tracking/stream";
        SseClient client = SseClient.open(api.uri(path), token, lastEventId);
        streams.add(client);
        if (client.status() != 200) {
            await().atMost(WAIT).until(client::ended);
            CONTRACT.check("GET", path, client.status(), client.contentType(), client.errorBody());
        } else {
            CONTRACT.check("GET", path, client.status(), client.contentType(), "");
        }
        return client;
    }

    private static void assertStatus(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static String customer(String id) {
        return token(id, "customer");
    }

    private static String driverToken() {
        return token(id("driver"), "driver");
    }

    private static Instant recently(int secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(secondsAgo);
    }

    private String newOrder(String driverId, String customerId, String restaurantId, String status) {
        String orderId = id("order");
        assertStatus(put("/api/v1/orders/" + orderId, dispatch(),
                Api.json(Orders.body(driverId, customerId, restaurantId, status))), 201);
        return orderId;
    }

    // ---- the operations ----

    @Test
    @Order(1)
    void shouldServeTheDocumentWithoutAToken() {
        Api.Response response = get("/openapi.yaml", null);

        assertStatus(response, 200);
        YAMLMapper yaml = YAMLMapper.builder().build();
        assertThat(yaml.readTree(response.body())).isEqualTo(CONTRACT.document());
    }

    @Test
    @Order(2)
    void shouldAnswerLatestLocationAsDocumented() {
        String full = id("driver");
        String bare = id("driver");
        writer.ping(full, 52.52, 13.405, recently(5), 4.5, 8.25, 359.5);
        writer.ping(bare, -33.9, 151.2, recently(5));

        assertStatus(get("/api/v1/drivers/" + full + "/location", logistics()), 200);
        assertStatus(get("/api/v1/drivers/" + bare + "/location", dispatch()), 200);
        assertStatus(get("/api/v1/drivers/" + id("unknown") + "/location", logistics()), 404);
        assertStatus(get("/api/v1/drivers/bad!id/location", logistics()), 400);
        assertStatus(get("/api/v1/drivers/" + "x".repeat(65) + "/location", logistics()), 400);
        assertStatus(get("/api/v1/drivers/" + full + "/location", null), 401);
        assertStatus(get("/api/v1/drivers/" + full + "/location", "not-a-jwt"), 401);
        assertStatus(get("/api/v1/drivers/" + full + "/location", customer(id("customer"))), 403);
        assertStatus(get("/api/v1/drivers/" + full + "/location", driverToken()), 403);
    }

    @Test
    @Order(3)
    void shouldAnswerBulkLocationsAsDocumented() {
        String known = id("driver");
        writer.ping(known, 48.85, 2.35, recently(3), 3.0, null, null);
        String path = "/api/v1/drivers/locations/query";

        assertStatus(post(path, logistics(), Api.json(Map.of("driverIds", List.of(known, id("unknown"), known)))),
                200);
        assertStatus(post(path, dispatch(), "{\"driverIds\":[]}"), 400);
        assertStatus(post(path, dispatch(), "{}"), 400);
        assertStatus(post(path, dispatch(), "{\"driverIds\":[\"ok\",\"not ok\"]}"), 400);
        assertStatus(post(path, dispatch(), "{\"driverIds\":[null]}"), 400);
        assertStatus(post(path, dispatch(), "{\"driverIds\":\"" + known + "\"}"), 400);
        assertStatus(post(path, dispatch(), "{\"driverIds\":[{}]}"), 400);
        assertStatus(post(path, dispatch(), "{\"driverIds\":["), 400);
        assertStatus(post(path, dispatch(), "{\"driverIds\":[\"" + known + "\"],\"since\":0}"), 200);
        assertStatus(post(path, dispatch(), Api.json(Map.of("driverIds",
                IntStream.range(0, 501).mapToObj(i -> "d" + i).toList()))), 400);
        assertStatus(call("POST", path, dispatch(), "text/plain", "{\"driverIds\":[\"a\"]}"), 415);
        assertStatus(call("POST", path, dispatch(), null, null), 400);
        assertStatus(post(path, null, "{\"driverIds\":[\"a\"]}"), 401);
        assertStatus(post(path, customer(id("customer")), "{\"driverIds\":[\"a\"]}"), 403);
    }

    @Test
    @Order(4)
    void shouldAnswerTracksAsDocumented() {
        String driverId = id("driver");
        Instant start = recently(600);
        writer.ping(driverId, 52.5, 13.4, start.plusSeconds(10), 5.0, 1.5, 90.0);
        writer.ping(driverId, 52.6, 13.5, start.plusSeconds(20));
        String path = "/api/v1/drivers/" + driverId + "/track";
        String window = "?from=" + start + "&to=" + start.plusSeconds(60);

        assertStatus(get(path + window, logistics()), 200);
        Api.Response truncated = get(path + window + "&limit=1", dispatch());
        assertStatus(truncated, 200);
        assertThat(truncated.json().get("truncated").asBoolean()).isTrue();
        assertStatus(get(path + "?from=" + start + "&to=" + start, logistics()), 400);
        assertStatus(get(path + "?from=" + start + "&to=" + start.plus(Duration.ofHours(25)), logistics()), 400);
        assertStatus(get(path + "?from=1999-01-01T00:00:00Z&to=1999-01-02T00:00:00Z", logistics()), 400);
        assertStatus(get(path + window + "&limit=0", logistics()), 400);
        assertStatus(get(path + window + "&limit=many", logistics()), 400);
        assertStatus(get(path + "?from=yesterday&to=" + start, logistics()), 400);
        assertStatus(get(path + "?from=" + start, logistics()), 400);
        assertStatus(get("/api/v1/drivers/bad!id/track" + window, logistics()), 400);
        assertStatus(get(path + window, null), 401);
        assertStatus(get(path + window, customer(id("customer"))), 403);
    }

    @Test
    @Order(5)
    void shouldAnswerNearbyAsDocumented() {
        // a spot of ocean no other test uses
        String near = id("driver");
        writer.ping(near, -47.123, -120.456, recently(2), 6.0, 3.0, 180.0);
        writer.ping(id("driver"), -47.124, -120.457, recently(2));

        Api.Response found = get("/api/v1/drivers/nearby?lat=-47.1231&lon=-120.4561&radiusMeters=1000", logistics());
        assertStatus(found, 200);
        assertThat(found.json().get("drivers")).hasSize(2);
        assertStatus(get("/api/v1/drivers/nearby?lat=10&lon=10&limit=5", dispatch()), 200);
        assertStatus(get("/api/v1/drivers/nearby?lat=91&lon=0", logistics()), 400);
        assertStatus(get("/api/v1/drivers/nearby?lat=0&lon=0&radiusMeters=50001&limit=101", logistics()), 400);
        assertStatus(get("/api/v1/drivers/nearby?lat=0", logistics()), 400);
        assertStatus(get("/api/v1/drivers/nearby?lat=north&lon=0", logistics()), 400);
        assertStatus(get("/api/v1/drivers/nearby?lat=NaN&lon=0", logistics()), 400);
        assertStatus(get("/api/v1/drivers/nearby?lat=0&lon=0", null), 401);
        assertStatus(get("/api/v1/drivers/nearby?lat=0&lon=0", driverToken()), 403);
    }

    @Test
    @Order(6)
    void shouldAnswerOrderPutsAsDocumented() {
        String orderId = id("order");
        String path = "/api/v1/orders/" + orderId;
        Map<String, Object> body = Orders.body(id("driver"), "customer@example.com", id("restaurant"), "ASSIGNED");

        assertStatus(put(path, dispatch(), Api.json(body)), 201);
        assertStatus(put(path, dispatch(), Api.json(body)), 200);
        body.put("tripParameters", Map.of("arriveRadiusMeters", 80, "dwellSeconds", 30));
        Api.Response tuned = put(path, dispatch(), Api.json(body));
        assertStatus(tuned, 200);
        assertThat(tuned.json().get("tripParameters").get("arriveRadiusMeters").asDouble()).isEqualTo(80.0);
        body.put("status", "PICKED_UP");
        assertStatus(put(path, dispatch(), Api.json(body)), 200);
        body.put("status", "DELIVERED");
        assertStatus(put(path, dispatch(), Api.json(body)), 200);
        assertStatus(put(path, dispatch(), Api.json(body)), 200);
        body.put("status", "CANCELLED");
        assertStatus(put(path, dispatch(), Api.json(body)), 409);

        Map<String, Object> invalid = new LinkedHashMap<>(body);
        invalid.remove("driverId");
        invalid.put("status", "LOST");
        invalid.put("pickup", Map.of("latitude", 91, "longitude", 0));
        assertStatus(put("/api/v1/orders/" + id("order"), dispatch(), Api.json(invalid)), 400);
        assertStatus(put("/api/v1/orders/" + id("order"), dispatch(), "{}"), 400);
        Map<String, Object> untunable = new LinkedHashMap<>(body);
        untunable.put("tripParameters", Map.of("arriveRadiusMeters", 100, "exitRadiusMeters", 80, "dwellSeconds", -1));
        assertStatus(put("/api/v1/orders/" + id("order"), dispatch(), Api.json(untunable)), 400);
        assertStatus(put("/api/v1/orders/" + id("order"), dispatch(), "{\"pickup\":{\"latitude\":\"north\"}}"), 400);
        assertStatus(put("/api/v1/orders/" + id("order"), dispatch(), "not json"), 400);
        assertStatus(put("/api/v1/orders/bad!id", dispatch(), Api.json(body)), 400);
        // as documented, a request member the schema does not name is ignored (the ingest service refuses them)
        Map<String, Object> extra = new LinkedHashMap<>(body);
        extra.put("tip", 5);
        assertStatus(put("/api/v1/orders/" + id("order"), dispatch(), Api.json(extra)), 201);
        assertStatus(call("PUT", path, dispatch(), "application/xml", "<order/>"), 415);
        assertStatus(put(path, null, Api.json(body)), 401);
        assertStatus(put(path, logistics(), Api.json(body)), 403);
    }

    @Test
    @Order(7)
    void shouldAnswerOrderTrackingAsDocumented() {
        String driverId = id("driver");
        String customerId = id("customer");
        String restaurantId = id("restaurant");
        String orderId = newOrder(driverId, customerId, restaurantId, "ASSIGNED");
        String path = "/api/v1/orders/" + orderId + "/tracking";

        assertStatus(get(path, customer(customerId)), 200);
        writer.ping(driverId, 52.49, 13.4, recently(5), 2.0, 4.0, 45.0);
        Api.Response located = get(path, token(restaurantId, "restaurant"));
        assertStatus(located, 200);
        assertThat(located.json().has("driver")).isTrue();
        assertStatus(get(path, logistics()), 200);
        try (TripProducer trips = new TripProducer()) {
            trips.send(TripProducer.event(orderId, driverId, TripEventType.DRIVER_ASSIGNED, 1, recently(60)));
            trips.send(TripProducer.event(orderId, driverId, TripEventType.ARRIVED_AT_PICKUP, 1, recently(10)));
            trips.send(TripProducer.eta(orderId, driverId, Stop.DROPOFF, recently(-600), recently(1)));
        }
        await().atMost(WAIT).until(() -> {
            JsonNode trip = get(path, customer(customerId)).json();
            return trip.get("events").size() == 2 && trip.has("eta");
        });
        assertStatus(get(path, customer(id("customer"))), 404);
        assertStatus(get("/api/v1/orders/" + id("order") + "/tracking", dispatch()), 404);
        assertStatus(get("/api/v1/orders/bad!id/tracking", dispatch()), 400);
        assertStatus(get(path, null), 401);
        assertStatus(get(path, driverToken()), 403);

        String ended = newOrder(driverId, customerId, restaurantId, "CANCELLED");
        Api.Response refused = get("/api/v1/orders/" + ended + "/tracking", customer(customerId));
        assertStatus(refused, 403);
        assertThat(refused.json().get("type").asString()).endsWith("/tracking-ended");
    }

    @Test
    @Order(8)
    void shouldAnswerOrderStreamsAsDocumented() {
        String driverId = id("driver");
        String customerId = id("customer");
        String orderId = newOrder(driverId, customerId, id("restaurant"), "ASSIGNED");
        writer.ping(driverId, 52.5, 13.4, recently(1), 3.0, 7.5, 10.0);
        String path = "/api/v1/orders/" + orderId + "/tracking/stream";
        try (TripProducer trips = new TripProducer()) {
            trips.send(TripProducer.event(orderId, driverId, TripEventType.APPROACHING_PICKUP, 1, recently(5)));
        }
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM order_trip_events WHERE order_id = ?")
                .param(orderId).query(Long.class).single() == 1);

        SseClient live = stream(orderId, customer(customerId), null);
        assertThat(live.status()).as(live.errorBody()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !live.events("order-status").isEmpty() && !live.events("location").isEmpty()
                && !live.events("trip").isEmpty());
        live.events().forEach(event -> CONTRACT.checkEvent("GET", path, event.name(), event.data()));

        assertThat(stream(orderId, customer(customerId), "yesterday").status()).isEqualTo(400);
        assertThat(stream("bad!id", customer(customerId), null).status()).isEqualTo(400);
        assertThat(stream(orderId, null, null).status()).isEqualTo(401);
        assertThat(stream(orderId, driverToken(), null).status()).isEqualTo(403);
        assertThat(stream(orderId, customer(id("customer")), null).status()).isEqualTo(404);
        String ended = newOrder(driverId, customerId, id("restaurant"), "DELIVERED");
        assertThat(stream(ended, dispatch(), null).status()).isEqualTo(403);

        // 4 streams per caller: the fifth is refused
        String busy = token(id("ops"), "logistics");
        for (int i = 0; i < 4; i++) {
            assertThat(stream(orderId, busy, null).status()).isEqualTo(200);
        }
        SseClient refused = stream(orderId, busy, null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
    }

    @Test
    @Order(9)
    void shouldRefuseExactlyTheRolesTheDocumentDoesNotList() {
        String orderId = newOrder(id("driver"), id("customer"), id("restaurant"), "ASSIGNED");
        String orderBody = Api.json(Orders.body(id("driver"), id("customer"), id("restaurant"), "ASSIGNED"));
        Instant now = recently(0);
        Map<String, java.util.function.Function<String, Integer>> requests = Map.of(
                "getLatestLocation", token -> get("/api/v1/drivers/" + id("driver") + "/location", token).status(),
                "queryLatestLocations", token -> post("/api/v1/drivers/locations/query", token,
                        "{\"driverIds\":[\"" + id("driver") + "\"]}").status(),
                "getTrack", token -> get("/api/v1/drivers/" + id("driver") + "/track?from=" + now.minusSeconds(60)
                        + "&to=" + now, token).status(),
                "findNearbyDrivers", token -> get("/api/v1/drivers/nearby?lat=0&lon=0", token).status(),
                "putOrder", token -> put("/api/v1/orders/" + id("order"), token, orderBody).status(),
                "getOrderTracking", token -> get("/api/v1/orders/" + orderId + "/tracking", token).status(),
                "streamOrderTracking", token -> {
                    SseClient client = stream(orderId, token, null);
                    client.close();
                    return client.status();
                });
        List<String> roles = List.of("customer", "restaurant", "logistics", "dispatch", "driver");
        List<String> wrong = new ArrayList<>();
        for (OpenApiContract.Operation operation : CONTRACT.operations()) {
            JsonNode allowed = CONTRACT.document().at("/paths/" + operation.path().replace("/", "~1") + "/"
                    + operation.method() + "/x-roles");
            if (allowed.isMissingNode()) {
                continue;
            }
            assertThat(requests).as("a sample request for %s", operation).containsKey(operation.operationId());
            for (String role : roles) {
                boolean documented = false;
                for (JsonNode value : allowed) {
                    documented |= value.asString().equals(role);
                }
                int status = requests.get(operation.operationId()).apply(token(id(role), role));
                if (documented == (status == 403)) {
                    wrong.add(operation + " with role " + role + ": " + status + (documented ? " (x-roles lists it)"
                            : " (x-roles does not list it)"));
                }
            }
        }
        assertThat(wrong).as("answers that contradict the documented x-roles").isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void shouldDocumentEveryApiEndpointTheServiceHas() {
        List<String> undocumented = CONTRACT.undocumented(mappings, "/api/");
        assertThat(undocumented).as("endpoints the service has that static/openapi.yaml does not document").isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveExercisedEveryDocumentedAnswer() {
        assertThat(CONTRACT.unexercised(NOT_EXERCISED))
                .as("documented answers that no test of %s produced (test them, or remove them from the document)",
                        getClass().getSimpleName())
                .isEmpty();
    }
}
