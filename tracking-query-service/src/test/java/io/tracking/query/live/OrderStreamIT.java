package io.tracking.query.live;

import static io.tracking.query.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.SseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OrderStreamIT extends LiveStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String orderId = id("order");
    private final String driverId = id("driver");
    private final String customerId = id("customer");
    private final String restaurantId = id("restaurant");
    /** Set once the order exists: a stream shows no position its driver recorded before the assignment. */
    private Instant base = Instant.EPOCH;

    private void putStatus(String status) {
        Api.Response response = api.put("/api/v1/orders/" + orderId, dispatch(),
                Api.json(Orders.body(driverId, customerId, restaurantId, status)));
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        if (base.equals(Instant.EPOCH)) {
            base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
    }

    private SseClient open(String token, String lastEventId) {
        SseClient client = SseClient.open(api.uri("/api/v1/orders/" + orderId + "/tracking/stream"), token,
                lastEventId);
        clients.add(client);
        return client;
    }

    private SseClient openAsCustomer() {
        SseClient client = open(token(customerId, "customer"), null);
        assertThat(client.status()).as(client.errorBody()).isEqualTo(200);
        assertThat(client.contentType()).startsWith("text/event-stream");
        // the first event is the status; the subscription exists from then on
        await().atMost(WAIT).until(() -> !client.events("order-status").isEmpty());
        return client;
    }

    private static List<Double> latitudes(SseClient client) {
        return client.events("location").stream().map(event -> JSON.readTree(event.data()).get("latitude").asDouble())
                .toList();
    }

    private static long eventId(Instant recordedAt) {
        return EventIds.of(recordedAt);
    }

    @Test
    void shouldPushNewPositionsInOrderAndSkipOlderOnes() {
        putStatus("ASSIGNED");
        SseClient client = openAsCustomer();
        assertThat(client.retry()).isEqualTo(3000);
        JsonNode status = JSON.readTree(client.events("order-status").get(0).data());
        assertThat(status.get("status").asString()).isEqualTo("ASSIGNED");

        producer.publish(driverId, 1.0, 1.0, base.plusSeconds(1));
        producer.publish(driverId, 3.0, 3.0, base.plusSeconds(3));
        producer.publish(driverId, 2.0, 2.0, base.plusSeconds(2));
        producer.publish(id("other-driver"), 7.0, 7.0, base.plusSeconds(4));
        producer.publish(driverId, 4.0, 4.0, base.plusSeconds(4));

        await().atMost(WAIT).until(() -> latitudes(client).contains(4.0));
        assertThat(latitudes(client)).containsExactly(1.0, 3.0, 4.0);
        List<SseClient.Event> events = client.events("location");
        assertThat(events.get(0).id()).isEqualTo(Long.toString(eventId(base.plusSeconds(1))));
        assertThat(events.get(2).id()).isEqualTo(Long.toString(eventId(base.plusSeconds(4))));
        JsonNode data = JSON.readTree(events.get(0).data());
        assertThat(data.get("driverId").asString()).isEqualTo(driverId);
        assertThat(Instant.parse(data.get("recordedAt").asString())).isEqualTo(base.plusSeconds(1));
    }

    @Test
    void shouldStartWithTheLatestKnownPosition() {
        putStatus("ASSIGNED");
        writer.ping(driverId, 8.0, 8.0, base);

        SseClient client = openAsCustomer();

        await().atMost(WAIT).until(() -> latitudes(client).contains(8.0));
        assertThat(client.events("location").get(0).id()).isEqualTo(Long.toString(eventId(base)));
    }

    @Test
    void shouldSkipRecordsThatBreakTheContract() {
        putStatus("ASSIGNED");
        SseClient client = openAsCustomer();

        producer.publishRaw(driverId, "{not json".getBytes(StandardCharsets.UTF_8));
        producer.publishRaw(driverId, ("{\"driverId\":\"" + driverId + "\",\"latitude\":123,\"longitude\":0,"
                + "\"recordedAt\":\"" + base + "\",\"receivedAt\":\"" + base + "\"}").getBytes(StandardCharsets.UTF_8));
        producer.publish(driverId, 5.0, 5.0, base.plusSeconds(5));

        await().atMost(WAIT).until(() -> latitudes(client).contains(5.0));
        assertThat(latitudes(client)).containsExactly(5.0);
    }

    @Test
    void shouldEndTheStreamWhenTheOrderIsDelivered() {
        putStatus("ASSIGNED");
        SseClient client = openAsCustomer();

        putStatus("PICKED_UP");
        await().atMost(WAIT).until(() -> client.events("order-status").size() == 2);
        putStatus("DELIVERED");

        await().atMost(WAIT).until(client::ended);
        List<SseClient.Event> statuses = client.events("order-status");
        assertThat(statuses).extracting(event -> JSON.readTree(event.data()).get("status").asString())
                .containsExactly("ASSIGNED", "PICKED_UP", "DELIVERED");
        assertThat(statuses.get(2).id()).isNull();
        // and a reconnect is refused, which stops EventSource from retrying
        SseClient again = open(token(customerId, "customer"), null);
        assertThat(again.status()).isEqualTo(403);
    }

    @Test
    void shouldEndTheStreamWhenAnotherInstanceCancelsTheOrder() {
        putStatus("ASSIGNED");
        SseClient client = openAsCustomer();

        // what a PUT on another instance leaves behind: only the row changes
        jdbc.sql("UPDATE orders SET status = 'CANCELLED' WHERE order_id = ?").param(orderId).update();

        await().atMost(WAIT).until(client::ended);
        assertThat(JSON.readTree(client.events("order-status").get(1).data()).get("status").asString())
                .isEqualTo("CANCELLED");
    }

    @Test
    void shouldResumeAfterLastEventIdFromTheHistoryThenGoLive() {
        putStatus("ASSIGNED");
        // flushed by the writer while the client was away
        writer.ping(driverId, 1.0, 1.0, base.plusSeconds(1));
        writer.ping(driverId, 2.0, 2.0, base.plusSeconds(2));
        writer.ping(driverId, 3.0, 3.0, base.plusSeconds(3));

        SseClient client = open(token(customerId, "customer"), Long.toString(eventId(base.plusSeconds(1))));
        assertThat(client.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> latitudes(client).size() == 2);
        producer.publish(driverId, 3.0, 3.0, base.plusSeconds(3));
        producer.publish(driverId, 4.0, 4.0, base.plusSeconds(4));

        await().atMost(WAIT).until(() -> latitudes(client).contains(4.0));
        assertThat(latitudes(client)).containsExactly(2.0, 3.0, 4.0);
    }

    @Test
    void shouldResumeWithPositionsTheWriterHasNotFlushedYet() {
        putStatus("ASSIGNED");
        SseClient first = openAsCustomer();
        producer.publish(driverId, 1.0, 1.0, base.plusSeconds(1));
        producer.publish(driverId, 2.0, 2.0, base.plusSeconds(2));
        await().atMost(WAIT).until(() -> latitudes(first).size() == 2);
        String lastSeen = first.events("location").get(0).id();
        first.close();

        SseClient second = open(token(customerId, "customer"), lastSeen);

        await().atMost(WAIT).until(() -> latitudes(second).contains(2.0));
        producer.publish(driverId, 5.0, 5.0, base.plusSeconds(5));
        await().atMost(WAIT).until(() -> latitudes(second).contains(5.0));
        assertThat(latitudes(second)).containsExactly(2.0, 5.0);
    }

    @Test
    void shouldSendHeartbeats() {
        putStatus("ASSIGNED");
        SseClient client = openAsCustomer();
        await().atMost(WAIT).until(() -> client.comments() >= 2);
    }

    @Test
    void shouldRefuseAMalformedLastEventId() {
        putStatus("ASSIGNED");
        SseClient client = open(token(customerId, "customer"), "yesterday");
        assertThat(client.status()).isEqualTo(400);
        await().atMost(WAIT).until(client::ended);
        assertThat(client.errorBody()).contains("Last-Event-ID").doesNotContain("yesterday");
    }

    @Test
    void shouldApplyTheOrderAccessRules() {
        putStatus("ASSIGNED");
        assertProblemStream(open(token(id("customer"), "customer"), null), 404);
        assertProblemStream(open(token(id("restaurant"), "restaurant"), null), 404);
        assertProblemStream(open(token(driverId, "driver"), null), 403);
        assertProblemStream(open(null, null), 401);
        SseClient restaurant = open(token(restaurantId, "restaurant"), null);
        assertThat(restaurant.status()).isEqualTo(200);
        SseClient fleet = open(logistics(), null);
        assertThat(fleet.status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseTheStreamOfADeliveredOrder() {
        putStatus("ASSIGNED");
        putStatus("DELIVERED");
        assertProblemStream(open(token(customerId, "customer"), null), 403);
    }

    @Test
    void shouldAnswerProblemJsonToPlainRequestsToo() {
        putStatus("ASSIGNED");
        assertProblem(api.get("/api/v1/orders/" + orderId + "/tracking/stream", token(id("customer"), "customer")),
                404, "not-found");
    }

    private static void assertProblemStream(SseClient client, int status) {
        assertThat(client.status()).isEqualTo(status);
        assertThat(client.contentType()).startsWith("application/problem+json");
        await().atMost(WAIT).until(client::ended);
    }
}
