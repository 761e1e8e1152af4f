package io.tracking.writer.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The writer's meters, all named {@code tracking.writer.*}. */
final class WriterMetrics {

    private final MeterRegistry registry;
    private final Counter historyRows;
    private final Counter latestRows;
    private final Counter duplicates;
    private final Counter slowPathFlushes;
    private final Counter failedFlushes;
    private final Counter fencedFlushes;
    private final Counter bisectSplits;
    private final Counter loopRestarts;
    private final Counter deadLettersValueDropped;
    private final DistributionSummary flushSize;
    private final Timer flushDuration;
    private final Timer pingAge;
    private final Timer recordedAge;
    private final List<WriterState> consumers = new CopyOnWriteArrayList<>();

    WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        historyRows = Counter.builder("tracking.writer.rows.written").tag("table", "location_history")
                .description("Rows added to the table").register(registry);
        latestRows = Counter.builder("tracking.writer.rows.written").tag("table", "driver_latest_location")
                .description("Rows offered to the table, one per driver and flush").register(registry);
        duplicates = Counter.builder("tracking.writer.pings.duplicate")
                .description("Pings not stored because the same driver and recordedAt was already stored")
                .register(registry);
        slowPathFlushes = Counter.builder("tracking.writer.flushes").tag("outcome", "slow-path")
                .description("Flushes that met an already stored ping and took the conflict-tolerant path")
                .register(registry);
        failedFlushes = Counter.builder("tracking.writer.flushes").tag("outcome", "failed")
                .description("Flush attempts that failed and will be retried").register(registry);
        fencedFlushes = Counter.builder("tracking.writer.flushes").tag("outcome", "fenced")
                .description("Flushes rolled back because another instance owns a partition").register(registry);
        bisectSplits = Counter.builder("tracking.writer.bisect.splits")
                .description("Halvings of a flush the database refused, to find the rows it refuses")
                .register(registry);
        loopRestarts = Counter.builder("tracking.writer.loop.restarts")
                .description("Poll loops restarted with a fresh consumer after they ended unexpectedly")
                .register(registry);
        deadLettersValueDropped = Counter.builder("tracking.writer.dead.letters.value.dropped")
                .description("Dead letters published without their value because the topic refused their size")
                .register(registry);
        flushSize = DistributionSummary.builder("tracking.writer.flush.size").baseUnit("records")
                .description("Records per committed flush, dead letters included")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1_000_000.0)
                .register(registry);
        flushDuration = Timer.builder("tracking.writer.flush.duration")
                .description("Time to write and commit one flush")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        pingAge = Timer.builder("tracking.writer.ping.age")
                .description("Age of a ping (commit time minus receivedAt) when it became queryable")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
        recordedAge = Timer.builder("tracking.writer.recorded.age")
                .description("Age of a ping (commit time minus recordedAt, the phone's clock) when it became"
                        + " queryable")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
        Gauge.builder("tracking.writer.consumers.running", consumers,
                states -> states.stream().filter(WriterState::isRunning).count())
                .description("Poll loops currently polling; 0 while a loop that ended waits for its restart")
                .register(registry);
        Gauge.builder("tracking.writer.buffer.records", consumers,
                states -> states.stream().mapToLong(WriterState::bufferedRecords).sum())
                .description("Records held in memory, buffered or being written").register(registry);
        Gauge.builder("tracking.writer.consumer.lag", consumers,
                states -> states.stream().mapToLong(WriterState::consumerLag).sum())
                .description("Records on the assigned partitions not yet stored").register(registry);
    }

    void committed(FlushResult.Committed result, int records, long nanos) {
        historyRows.increment(result.historyRows());
        latestRows.increment(result.latestRows());
        duplicates.increment(result.duplicates());
        if (result.slowPath()) {
            slowPathFlushes.increment();
        }
        flushSize.record(records);
        flushDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The pings of a committed flush became queryable at {@code committedAt}: their age since the server received
     * them, and since the phone recorded them. Both are clamped at zero: a clock ahead (the phone's, more often) is
     * no negative age.
     */
    void pingsQueryable(List<BufferedPing> pings, Instant committedAt) {
        long committedMillis = committedAt.toEpochMilli();
        for (BufferedPing ping : pings) {
            pingAge.record(Math.max(0, committedMillis - ping.receivedMicros() / 1_000),
                    TimeUnit.MILLISECONDS);
            recordedAge.record(Math.max(0, committedMillis - ping.recordedMicros() / 1_000),
                    TimeUnit.MILLISECONDS);
        }
    }

    void failed() {
        failedFlushes.increment();
    }

    void fenced() {
        fencedFlushes.increment();
    }

    void bisectSplit() {
        bisectSplits.increment();
    }

    void loopRestarted() {
        loopRestarts.increment();
    }

    void deadLetterValueDropped() {
        deadLettersValueDropped.increment();
    }

    void deadLetter(String reason) {
        deadLetters(reason, 1);
    }

    void deadLetters(String reason, int count) {
        registry.counter("tracking.writer.dead.letters", "reason", reason).increment(count);
    }

    /** Adds a consumer's buffer, lag and running state to the gauges, which sum over all consumers. */
    void watch(WriterState consumer) {
        consumers.add(consumer);
    }

    void unwatch(WriterState consumer) {
        consumers.remove(consumer);
    }
}
