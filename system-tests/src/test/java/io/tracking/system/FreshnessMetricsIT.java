package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.ServiceProcess;

/**
 * The batch writer times every ping it stores: after N pings are stored, its {@code tracking_writer_ping_age_seconds}
 * timer (receivedAt to commit) counted at least N more, and so did {@code tracking_writer_recorded_age_seconds}
 * (recordedAt to commit) where the writer has it.
 */
class FreshnessMetricsIT {

    private static final int PINGS = 50;
    private static final String PING_AGE_COUNT = "tracking_writer_ping_age_seconds_count";
    private static final String RECORDED_AGE_COUNT = "tracking_writer_recorded_age_seconds_count";

    private final LocalStack stack = SystemStack.get();
    private final String prefix = "fresh-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @Test
    void shouldTimeEveryStoredPingInTheWritersMetrics() throws Exception {
        ServiceProcess writer = stack.writer();
        OptionalDouble pingAgeBefore = PrometheusScrape.value(writer, PING_AGE_COUNT);
        assertThat(pingAgeBefore).as("the writer exposes " + PING_AGE_COUNT).isPresent();
        OptionalDouble recordedAgeBefore = PrometheusScrape.value(writer, RECORDED_AGE_COUNT);

        try (KafkaProducer<String, byte[]> producer = Pings.producer(stack.kafka().bootstrapServers());
                Connection db = SystemStack.openDatabase()) {
            for (int i = 0; i < PINGS; i++) {
                Instant now = Instant.now();
                Pings.send(producer, new LocationUpdate(prefix + i, 12.9, 77.5, Pings.millis(now.minusSeconds(1)),
                        now, 5.0, 0.0, 0.0));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pings.historyRows(db, prefix) == PINGS);
        }

        // the timers are recorded once the flush committed, a moment after its rows became visible
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(PrometheusScrape.valueOrNaN(writer, PING_AGE_COUNT))
                        .isGreaterThanOrEqualTo(pingAgeBefore.getAsDouble() + PINGS));
        // another change adds this timer; until the running writer has it there is nothing to check
        if (recordedAgeBefore.isPresent() || PrometheusScrape.value(writer, RECORDED_AGE_COUNT).isPresent()) {
            double before = recordedAgeBefore.orElse(0);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(PrometheusScrape.valueOrNaN(writer, RECORDED_AGE_COUNT))
                            .isGreaterThanOrEqualTo(before + PINGS));
        }
    }
}
