package io.tracking.trips.stream;

import static io.tracking.trips.stream.TripTopologyTests.DROPOFF;
import static io.tracking.trips.stream.TripTopologyTests.PICKUP;
import static io.tracking.trips.stream.TripTopologyTests.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.testsupport.WithKafka;
import io.tracking.trips.support.Drive;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The service against the real in-process KRaft broker (transactions enabled): the Streams application runs with
 * {@code exactly_once_v2}, skips a poison record, and a {@code read_committed} reader finds each event of a
 * delivery exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.trips.partitions=3",
        "tracking.trips.typical-speeds.enabled=false",
        "spring.kafka.streams.application-id=trip-events-it",
        "spring.kafka.streams.state-dir=${java.io.tmpdir}/trip-events-it-${random.uuid}" })
@WithKafka
class TripEventServiceIT {

    private static TripTopics topics;

    @Autowired
    private StreamsBuilderFactoryBean streams;

    @Autowired
    private HealthIndicator tripStreamsHealthIndicator;

    @Autowired
    private MeterRegistry registry;

    @BeforeAll
    static void clients() {
        topics = new TripTopics();
    }

    @AfterAll
    static void closeClients() {
        topics.close();
    }

    @Test
    void shouldPublishEveryEventOfADeliveryExactlyOnce() {
        String orderId = "order-" + UUID.randomUUID();
        String driverId = "driver-" + UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MILLIS);
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.getKafkaStreams() != null
                && streams.getKafkaStreams().state() == KafkaStreams.State.RUNNING);

        topics.order(snapshot(orderId, 1, driverId, OrderSnapshot.ASSIGNED, start));
        topics.poison(driverId);
        // fixes sent before the assignment reached the driver's task would find no order: wait for it as the
        // driver would wait for dispatch
        await().atMost(Duration.ofSeconds(60)).until(() -> !topics.events(orderId).isEmpty());
        Drive toPickup = Drive.of(driverId, START, start).to(PICKUP, 10).stay(Duration.ofSeconds(60));
        topics.fixes(toPickup.fixes());
        topics.order(snapshot(orderId, 2, driverId, OrderSnapshot.PICKED_UP, toPickup.time()));
        topics.fixes(Drive.of(driverId, PICKUP, toPickup.time()).to(DROPOFF, 10).stay(Duration.ofSeconds(60))
                .fixes());

        await().atMost(Duration.ofSeconds(90)).until(() -> topics.events(orderId).stream()
                .anyMatch(event -> event.type() == TripEventType.ARRIVED_AT_DROPOFF));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            topics.events(orderId);
            return topics.caughtUp();
        });
        assertThat(topics.events(orderId)).extracting(TripEvent::type).containsExactly(
                TripEventType.DRIVER_ASSIGNED, TripEventType.APPROACHING_PICKUP, TripEventType.ARRIVED_AT_PICKUP,
                TripEventType.LEFT_PICKUP, TripEventType.APPROACHING_DROPOFF, TripEventType.ARRIVED_AT_DROPOFF);
        assertThat(tripStreamsHealthIndicator.health(false).getStatus()).isEqualTo(Status.UP);
        assertThat(registry.get("tracking.trips.records.skipped").tag("reason", "undecodable").counter().count())
                .as("the poison record was skipped, not fatal").isGreaterThanOrEqualTo(1);
        assertThat(registry.get("tracking.trips.stream.state").tag("state", "RUNNING").gauge().value()).isEqualTo(1);
        assertThat(registry.getMeters()).as("Kafka Streams' own metrics")
                .anyMatch(meter -> meter.getId().getName().startsWith("kafka.stream"));
    }

    private static OrderSnapshot snapshot(String orderId, long version, String driverId, String status,
            Instant at) {
        return new OrderSnapshot(orderId, version, driverId, status, PICKUP, DROPOFF, at, at, null);
    }
}
