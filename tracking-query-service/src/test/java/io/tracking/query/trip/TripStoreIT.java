package io.tracking.query.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.tracking.contract.Topics;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.query.support.IntegrationTest;
import io.tracking.query.support.TripProducer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trip store against the real broker and PostgreSQL: every event stored once however often it arrives, the
 * newest ETA kept whatever the order of arrival, and garbage on the topics counted and stepped over without stopping
 * the store.
 */
class TripStoreIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    TripRepository trips;

    @Autowired
    MeterRegistry meters;

    private final TripProducer producer = new TripProducer();
    private final String orderId = id("order");
    private final String driverId = id("driver");
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @AfterEach
    void close() {
        producer.close();
    }

    private long storedRows() {
        return jdbc.sql("SELECT count(*) FROM order_trip_events WHERE order_id = ?").param(orderId)
                .query(Long.class).single();
    }

    private double skipped(String topic) {
        return Search.in(meters).name("tracking.query.trips.skipped").tag("topic", topic).tag("reader", "store")
                .counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    @Test
    void shouldStoreEachEventOnceWhateverHowOftenItArrives() {
        TripEvent assigned = TripProducer.event(orderId, driverId, TripEventType.DRIVER_ASSIGNED, 1, base);
        TripEvent arrived = TripProducer.event(orderId, driverId, TripEventType.ARRIVED_AT_PICKUP, 1,
                base.plusSeconds(60));
        TripEvent approaching = TripProducer.event(orderId, driverId, TripEventType.APPROACHING_PICKUP, 1,
                base.plusSeconds(30));

        producer.send(assigned);
        producer.send(arrived);
        producer.send(assigned);
        producer.send(approaching);
        producer.send(arrived);
        // a re-derivation: same id, another detection time
        producer.send(new TripEvent(arrived.eventId(), orderId, driverId, arrived.type(), arrived.stop(), arrived.at(),
                arrived.detectedAt().plusSeconds(300), arrived.evidence()));

        await().atMost(WAIT).until(() -> storedRows() == 3);
        String marker = id("order");
        producer.send(TripProducer.event(marker, driverId, TripEventType.DRIVER_ASSIGNED, 1, base));
        await().atMost(WAIT).until(() -> !trips.events(marker, 10).isEmpty());

        List<TripEvent> stored = trips.events(orderId, 10);
        assertThat(stored).extracting(TripEvent::type).containsExactly(TripEventType.DRIVER_ASSIGNED,
                TripEventType.APPROACHING_PICKUP, TripEventType.ARRIVED_AT_PICKUP);
        assertThat(stored.get(2)).as("the first one stored stays").isEqualTo(arrived);
    }

    @Test
    void shouldKeepTheNewestEtaWhateverTheOrderOfArrival() {
        Instant computed = base.minusSeconds(10);
        EtaUpdate newest = TripProducer.eta(orderId, driverId, Stop.PICKUP, base.plusSeconds(200), computed);
        EtaUpdate older = TripProducer.eta(orderId, driverId, Stop.PICKUP, base.plusSeconds(500),
                computed.minusSeconds(5));

        producer.send(newest);
        await().atMost(WAIT).until(() -> trips.eta(orderId).isPresent());
        producer.send(older);
        String marker = id("order");
        producer.send(TripProducer.eta(marker, driverId, Stop.PICKUP, base, base));
        await().atMost(WAIT).until(() -> trips.eta(marker).isPresent());

        assertThat(trips.eta(orderId)).contains(newest);

        EtaUpdate next = TripProducer.eta(orderId, driverId, Stop.DROPOFF, base.plusSeconds(600), base);
        producer.send(next);
        await().atMost(WAIT).until(() -> trips.eta(orderId).orElseThrow().equals(next));
    }

    @Test
    void shouldSkipAndCountWhatBreaksTheContractAndStoreWhatFollows() {
        double eventsSkipped = skipped(Topics.ORDER_TRIP_EVENTS);
        double etasSkipped = skipped(Topics.ORDER_ETAS);
        TripEvent valid = TripProducer.event(orderId, driverId, TripEventType.DRIVER_ASSIGNED, 1, base);
        String json = new String(JsonMapper.builder().build().writeValueAsBytes(valid), StandardCharsets.UTF_8);

        producer.send(Topics.ORDER_TRIP_EVENTS, orderId, "not json".getBytes(StandardCharsets.UTF_8));
        producer.send(Topics.ORDER_TRIP_EVENTS, orderId, new byte[] { (byte) 0xff, 0x00, 0x7b });
        producer.send(Topics.ORDER_TRIP_EVENTS, orderId, null);
        producer.send(Topics.ORDER_TRIP_EVENTS, id("other"), json.getBytes(StandardCharsets.UTF_8));
        producer.send(Topics.ORDER_TRIP_EVENTS, orderId, json.replace("/DRIVER_ASSIGNED/1\"", "/DRIVER_ASSIGNED/0\"")
                .getBytes(StandardCharsets.UTF_8));
        producer.send(Topics.ORDER_TRIP_EVENTS, orderId, json.replace("\"type\":\"DRIVER_ASSIGNED\"",
                "\"type\":\"TELEPORTED\"").getBytes(StandardCharsets.UTF_8));
        // beyond what timestamptz holds: stored, it would fail its batch again and again
        producer.send(new TripEvent(valid.eventId(), orderId, driverId, valid.type(), null,
                Instant.parse("+100000-01-01T00:00:00Z"), valid.detectedAt(), valid.evidence()));
        producer.send(Topics.ORDER_ETAS, orderId, "{\"orderId\":null}".getBytes(StandardCharsets.UTF_8));
        producer.send(valid);

        await().atMost(WAIT).until(() -> storedRows() == 1);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(skipped(Topics.ORDER_TRIP_EVENTS) - eventsSkipped).isEqualTo(7);
            assertThat(skipped(Topics.ORDER_ETAS) - etasSkipped).isEqualTo(1);
        });
        assertThat(trips.events(orderId, 10)).containsExactly(valid);
    }
}
