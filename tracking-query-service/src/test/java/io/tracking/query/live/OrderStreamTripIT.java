package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.SseClient;
import io.tracking.query.support.TripProducer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code event: trip} on the order stream (real broker and PostgreSQL): a stream starts with the order's stored trip
 * events, so that a reconnecting customer misses none, then sends each new one as the trip feed reads it, once per
 * {@code eventId}.
 */
class OrderStreamTripIT extends LiveStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TripProducer trips = new TripProducer();
    private final String orderId = id("order");
    private final String driverId = id("driver");
    private final String customerId = id("customer");
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @AfterEach
    void closeProducer() {
        trips.close();
    }

    private SseClient openAsCustomer() {
        SseClient client = SseClient.open(api.uri("/api/v1/orders/" + orderId + "/tracking/stream"),
                token(customerId, "customer"), null);
        clients.add(client);
        assertThat(client.status()).as(client.errorBody()).isEqualTo(200);
        return client;
    }

    private static List<String> tripEventIds(SseClient client) {
        return client.events("trip").stream().map(event -> JSON.readTree(event.data()).get("eventId").asString())
                .toList();
    }

    @Test
    void shouldStartWithTheStoredTripEventsThenSendNewOnesOnceAsTheyHappen() {
        Api.Response put = api.put("/api/v1/orders/" + orderId, dispatch(),
                Api.json(Orders.body(driverId, customerId, id("restaurant"), "ASSIGNED")));
        assertThat(put.status()).isEqualTo(201);
        TripEvent assigned = TripProducer.event(orderId, driverId, TripEventType.DRIVER_ASSIGNED, 1, base);
        trips.send(assigned);
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM order_trip_events WHERE order_id = ?")
                .param(orderId).query(Long.class).single() == 1);

        SseClient client = openAsCustomer();
        await().atMost(WAIT).until(() -> tripEventIds(client).size() == 1);
        assertThat(client.events().get(0).name()).isEqualTo("order-status");
        assertThat(client.events().get(1).name()).as("stored events right after the status").isEqualTo("trip");
        JsonNode stored = JSON.readTree(client.events("trip").get(0).data());
        assertThat(stored.get("eventId").asString()).isEqualTo(assigned.eventId());
        assertThat(stored.get("type").asString()).isEqualTo("DRIVER_ASSIGNED");
        assertThat(client.events("trip").get(0).id()).as("ids resume positions only").isNull();

        TripEvent approaching = TripProducer.event(orderId, driverId, TripEventType.APPROACHING_PICKUP, 1,
                base.plusSeconds(40));
        // sent until the feed, which starts at the topic's end when the service starts, has it
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            trips.send(approaching);
            trips.send(assigned);
            return tripEventIds(client).contains(approaching.eventId());
        });
        JsonNode live = JSON.readTree(client.events("trip").get(1).data());
        assertThat(live.get("stop").asString()).isEqualTo("PICKUP");
        assertThat(live.get("evidence").get("pings").get(0).has("latitude")).isFalse();
        assertThat(live.get("evidence").get("distanceMeters").asDouble()).isEqualTo(18.5);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> tripEventIds(client)
                .equals(List.of(assigned.eventId(), approaching.eventId())));
    }
}
