package io.tracking.query.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEventType;
import io.tracking.query.support.TripProducer;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET .../tracking} with the order's trip, from the topics through the store (real broker and PostgreSQL):
 * the events in event-time order with their evidence and no position, and the ETA counted down from now while it
 * holds.
 */
class OrderTripIT extends OrderIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TripProducer trips = new TripProducer();
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @AfterEach
    void close() {
        trips.close();
    }

    private JsonNode trackingAsCustomer() {
        return tracking(token(customerId, "customer")).json();
    }

    @Test
    void shouldShowTheEventsInEventTimeOrderAndTheEtaToTheNextStop() {
        putStatus("ASSIGNED");
        trips.send(TripProducer.event(orderId, driverId, TripEventType.ARRIVED_AT_PICKUP, 1, base.minusSeconds(20)));
        trips.send(TripProducer.event(orderId, driverId, TripEventType.DRIVER_ASSIGNED, 1, base.minusSeconds(300)));
        trips.send(TripProducer.event(orderId, driverId, TripEventType.APPROACHING_PICKUP, 1, base.minusSeconds(90)));
        trips.send(TripProducer.eta(orderId, driverId, Stop.PICKUP, Instant.now().plusSeconds(300), Instant.now()));

        await().atMost(WAIT).until(() -> trackingAsCustomer().get("events").size() == 3
                && trackingAsCustomer().has("eta"));

        JsonNode body = trackingAsCustomer();
        assertThat(body.get("events").valueStream().map(event -> event.get("type").asString()).toList())
                .containsExactly("DRIVER_ASSIGNED", "APPROACHING_PICKUP", "ARRIVED_AT_PICKUP");
        JsonNode arrived = body.get("events").get(2);
        assertThat(arrived.get("eventId").asString()).isEqualTo(orderId + "/ARRIVED_AT_PICKUP/1");
        assertThat(arrived.get("stop").asString()).isEqualTo("PICKUP");
        assertThat(Instant.parse(arrived.get("at").asString())).isEqualTo(base.minusSeconds(20));
        assertThat(arrived.get("evidence").get("dwellSeconds").asDouble()).isEqualTo(21.0);
        JsonNode ping = arrived.get("evidence").get("pings").get(0);
        assertThat(List.copyOf(ping.propertyNames())).containsExactlyInAnyOrder("driverId", "recordedAt", "partition",
                "offset");
        assertThat(body.get("events").get(0).has("stop")).as("an assignment concerns no stop").isFalse();
        JsonNode eta = body.get("eta");
        assertThat(eta.get("stop").asString()).isEqualTo("PICKUP");
        assertThat(eta.get("seconds").asLong()).isBetween(250L, 300L);
        assertThat(Instant.parse(eta.get("at").asString())).isAfter(Instant.now());
    }

    @Test
    void shouldOmitAnEtaThatNoLongerHolds() {
        putStatus("PICKED_UP");
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        trips.send(TripProducer.eta(orderId, driverId, Stop.DROPOFF, longAgo.plusSeconds(120), longAgo));
        String other = id("order");
        trips.send(TripProducer.eta(other, driverId, Stop.DROPOFF, Instant.now(), Instant.now()));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM order_etas WHERE order_id IN (?, ?)")
                .params(orderId, other).query(Long.class).single() == 2);

        JsonNode stale = trackingAsCustomer();
        assertThat(stale.has("eta")).as("computed ten minutes ago").isFalse();
        assertThat(stale.get("events").isEmpty()).isTrue();

        trips.send(TripProducer.eta(orderId, driverId, Stop.PICKUP, Instant.now().plusSeconds(60), Instant.now()));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT stop FROM order_etas WHERE order_id = ?").param(orderId)
                .query(String.class).single().equals("PICKUP"));
        assertThat(trackingAsCustomer().has("eta")).as("the pickup of an order picked up").isFalse();
    }
}
