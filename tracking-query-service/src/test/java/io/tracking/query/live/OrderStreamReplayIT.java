package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.SseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an order's stream may replay: nothing its driver recorded before being assigned to the order, whether the
 * client asks with {@code Last-Event-ID: 0}, with an id from before the assignment, or the order was reassigned.
 * The driver's earlier positions sit both in the history (the writer stored them) and in the driver's ring (someone
 * watched the driver live), so both sources are covered.
 */
class OrderStreamReplayIT extends LiveStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String RESTAURANT = "restaurant-replay";

    private final String orderId = id("order");
    private final String driverId = id("driver");
    private final String customerId = id("customer");

    @Test
    void shouldReplayNothingTheDriverRecordedBeforeTheOrderWasAssigned() {
        // the driver's previous delivery: its customer watched it live (the ring) and the writer stored it
        String previousOrder = id("order");
        String previousCustomer = id("customer");
        put(previousOrder, driverId, previousCustomer, "PICKED_UP");
        SseClient previous = open(previousOrder, token(previousCustomer, "customer"), null);
        List<Instant> route = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant at = now();
            route.add(at);
            writer.ping(driverId, 10 + i, 10 + i, at);
            producer.publish(driverId, 10 + i, 10 + i, at);
        }
        await().atMost(WAIT).until(() -> latitudes(previous).contains(14.0));
        put(previousOrder, driverId, previousCustomer, "DELIVERED");

        put(orderId, driverId, customerId, "ASSIGNED");

        String customer = token(customerId, "customer");
        SseClient fromZero = open(orderId, customer, "0");
        SseClient fromBefore = open(orderId, customer, Long.toString(EventIds.of(route.get(1))));
        // where the driver is now, even if recorded before the assignment: one position, not a route
        SseClient fresh = open(orderId, customer, null);
        Api.Response tracking = api.get("/api/v1/orders/" + orderId + "/tracking", customer);
        assertThat(tracking.json().get("driver").get("latitude").asDouble()).isEqualTo(14.0);

        producer.publish(driverId, 50, 50, now());

        for (SseClient client : List.of(fromZero, fromBefore, fresh)) {
            await().atMost(WAIT).until(() -> latitudes(client).contains(50.0));
        }
        assertThat(latitudes(fromZero)).containsExactly(50.0);
        assertThat(latitudes(fromBefore)).containsExactly(50.0);
        assertThat(latitudes(fresh)).containsExactly(14.0, 50.0);
    }

    @Test
    void shouldShowNeitherTheNewDriversEarlierRouteNorTheOldDriversLaterOneAfterAReassignment() {
        String newDriver = id("driver");
        // the old driver is also on another order, watched by the fleet: it proves when its pings have been read
        String oldDriversOtherOrder = id("order");
        put(oldDriversOtherOrder, driverId, id("customer"), "ASSIGNED");
        SseClient oldDriverWatcher = open(oldDriversOtherOrder, logistics(), null);
        // the new driver is on another order too, watched live (so its ring holds its route)
        String newDriversOtherOrder = id("order");
        put(newDriversOtherOrder, newDriver, id("customer"), "PICKED_UP");
        SseClient newDriverWatcher = open(newDriversOtherOrder, logistics(), null);

        put(orderId, driverId, customerId, "ASSIGNED");
        SseClient client = open(orderId, token(customerId, "customer"), null);
        producer.publish(driverId, 1, 1, now());
        await().atMost(WAIT).until(() -> latitudes(client).contains(1.0));
        // the new driver's route while the old one still had the order, stored by the writer as well
        for (int i = 1; i <= 3; i++) {
            Instant at = now();
            writer.ping(newDriver, 20 + i, 20 + i, at);
            producer.publish(newDriver, 20 + i, 20 + i, at);
        }
        await().atMost(WAIT).until(() -> latitudes(newDriverWatcher).contains(23.0));
        // a fix the new driver's phone takes before the reassignment but sends after it (an offline buffer)
        Instant late = now();

        put(orderId, newDriver, customerId, "ASSIGNED");
        Instant reassigned = now();
        producer.publish(newDriver, 29, 29, late);
        producer.publish(driverId, 2, 2, reassigned);
        producer.publish(newDriver, 30, 30, reassigned.plusMillis(1));

        await().atMost(WAIT).until(() -> latitudes(oldDriverWatcher).contains(2.0));
        await().atMost(WAIT).until(() -> latitudes(client).contains(30.0));
        assertThat(latitudes(client)).containsExactly(1.0, 30.0);

        SseClient resumed = open(orderId, token(customerId, "customer"), "0");
        await().atMost(WAIT).until(() -> latitudes(resumed).contains(30.0));
        assertThat(latitudes(resumed)).containsExactly(30.0);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private void put(String order, String driver, String customer, String status) {
        Api.Response response = api.put("/api/v1/orders/" + order, dispatch(),
                Api.json(Orders.body(driver, customer, RESTAURANT, status)));
        assertThat(response.status()).as(response.body()).isIn(200, 201);
    }

    private SseClient open(String order, String token, @Nullable String lastEventId) {
        SseClient client = SseClient.open(api.uri("/api/v1/orders/" + order + "/tracking/stream"), token,
                lastEventId);
        clients.add(client);
        assertThat(client.status()).as(client.errorBody()).isEqualTo(200);
        // the first event is the status; the subscription exists from then on
        await().atMost(WAIT).until(() -> !client.events("order-status").isEmpty());
        return client;
    }

    private static List<Double> latitudes(SseClient client) {
        return client.events("location").stream()
                .map(event -> JSON.readTree(event.data()).get("latitude").asDouble()).toList();
    }
}
