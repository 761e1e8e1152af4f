package io.tracking.trips.stream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.trips.model.EtaAccuracy;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's meters, all named {@code tracking.trips.*}. Kafka Streams' own metrics (commit rate, process
 * latency, restore progress, lag) reach the same registry through Micrometer's {@code KafkaStreamsMetrics}, which
 * Spring Boot binds to the streams client.
 */
public final class TripMetrics {

    private final MeterRegistry registry;
    private final Counter latePings;
    private final Counter duplicatePings;
    private final Counter etaUpdates;
    private final Map<Duration, DistributionSummary> etaErrors = new ConcurrentHashMap<>();
    private final Map<String, Long> activeTripsByTask = new ConcurrentHashMap<>();
    private volatile KafkaStreams.State streamState = KafkaStreams.State.CREATED;

    public TripMetrics(MeterRegistry registry) {
        this.registry = registry;
        latePings = Counter.builder("tracking.trips.pings.late")
                .description("Fixes recorded before the grace window of their trip: counted, not placed")
                .register(registry);
        duplicatePings = Counter.builder("tracking.trips.pings.duplicate")
                .description("Fixes a trip had already seen (same driver and recordedAt); they change nothing")
                .register(registry);
        etaUpdates = Counter.builder("tracking.trips.eta.updates")
                .description("ETA updates published, after throttling").register(registry);
        for (Duration horizon : EtaAccuracy.HORIZONS) {
            etaErrors.put(horizon, DistributionSummary.builder("tracking.trips.eta.error").baseUnit("seconds")
                    .tag("horizon", horizon.toMinutes() + "m")
                    .description("Absolute error of the ETA predicted this long before an arrival")
                    .publishPercentiles(0.5, 0.9, 0.99)
                    .serviceLevelObjectives(15, 30, 60, 120, 180, 300, 600)
                    .register(registry));
        }
        Gauge.builder("tracking.trips.active", activeTripsByTask,
                tasks -> tasks.values().stream().mapToLong(Long::longValue).sum())
                .description("Open trips in the state stores of this instance's tasks").register(registry);
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("tracking.trips.stream.state", this, metrics -> metrics.streamState == state ? 1 : 0)
                    .tag("state", state.name())
                    .description("1 for the current state of the Kafka Streams client, 0 for the others")
                    .register(registry);
        }
    }

    void event(String type) {
        registry.counter("tracking.trips.events", "type", type).increment();
    }

    void latePings(int count) {
        latePings.increment(count);
    }

    void duplicatePings(int count) {
        duplicatePings.increment(count);
    }

    void etaPublished() {
        etaUpdates.increment();
    }

    /** The error of an ETA predicted {@code horizon} (one of {@link EtaAccuracy#HORIZONS}) before an arrival. */
    void etaError(Duration horizon, double seconds) {
        DistributionSummary errors = etaErrors.get(horizon);
        if (errors != null) {
            errors.record(seconds);
        }
    }

    /** A record was not processed: {@code reason} is {@code undecodable}, {@code invalid} or {@code future}. */
    void skipped(String topic, String reason) {
        registry.counter("tracking.trips.records.skipped", "topic", topic, "reason", reason).increment();
    }

    void activeTrips(String taskId, long count) {
        activeTripsByTask.put(taskId, count);
    }

    void taskClosed(String taskId) {
        activeTripsByTask.remove(taskId);
    }

    void streamState(KafkaStreams.State state) {
        streamState = state;
    }
}
