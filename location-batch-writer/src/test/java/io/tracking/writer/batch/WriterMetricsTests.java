package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.LocationUpdate;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WriterMetricsTests {

    private static final TopicPartition PARTITION = new TopicPartition("updates", 0);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WriterMetrics metrics = new WriterMetrics(registry);

    @Test
    void shouldRecordTheAgeSinceThePhoneRecordedAPingBesideTheAgeSinceItWasReceived() {
        Instant committedAt = Instant.parse("2026-12-07T12:00:00Z");

        metrics.pingsQueryable(List.of(ping(committedAt.minusSeconds(5), committedAt.minusSeconds(1))), committedAt);

        Timer recorded = registry.get("tracking.writer.recorded.age").timer();
        Timer received = registry.get("tracking.writer.ping.age").timer();
        assertThat(recorded.count()).isEqualTo(1);
        assertThat(recorded.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
        assertThat(received.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_000);
    }

    @Test
    void shouldRecordAPingFromAPhoneWhoseClockIsAheadAsNoAgeRatherThanNegative() {
        Instant committedAt = Instant.parse("2026-12-07T12:00:00Z");

        metrics.pingsQueryable(List.of(ping(committedAt.plusSeconds(30), committedAt.minusMillis(200)),
                ping(committedAt.minusSeconds(2), committedAt.minusMillis(100))), committedAt);

        Timer recorded = registry.get("tracking.writer.recorded.age").timer();
        assertThat(recorded.count()).isEqualTo(2);
        assertThat(recorded.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        assertThat(recorded.max(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
    }

    @Test
    void shouldCountTheConsumerLoopsThatAreRunning() {
        WriterState first = new WriterState();
        WriterState second = new WriterState();
        metrics.watch(first);
        metrics.watch(second);
        assertThat(running()).isZero();

        first.running(true);
        second.running(true);
        assertThat(running()).isEqualTo(2);

        // a loop that died and waits for its supervisor's restart
        second.running(false);
        assertThat(running()).isEqualTo(1);

        metrics.unwatch(first);
        assertThat(running()).isZero();
    }

    private double running() {
        return registry.get("tracking.writer.consumers.running").gauge().value();
    }

    private static BufferedPing ping(Instant recordedAt, Instant receivedAt) {
        return BufferedPing.of(PARTITION, 0, new LocationUpdate("driver-1", 12.9716, 77.5946, recordedAt, receivedAt,
                null, null, null));
    }
}
