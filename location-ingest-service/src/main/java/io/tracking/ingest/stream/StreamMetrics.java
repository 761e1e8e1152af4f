package io.tracking.ingest.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The stream's own counters; pings by outcome are counted by the shared {@code tracking.ingest.pings}.
 * {@code tracking.ingest.stream.connections} (open now), {@code tracking.ingest.stream.frames{status}} (answers by
 * status), {@code tracking.ingest.stream.read.suspensions} (times a connection reached its bound of unanswered
 * frames and was no longer read) and {@code tracking.ingest.stream.closes{reason}} (closes the server decided).
 */
final class StreamMetrics {

    private final MeterRegistry registry;
    private final Map<Integer, Counter> frames = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Counter suspensions;

    StreamMetrics(MeterRegistry registry, IntSupplier openConnections) {
        this.registry = registry;
        Gauge.builder("tracking.ingest.stream.connections", openConnections, IntSupplier::getAsInt)
                .description("WebSocket ingest connections open now")
                // the supplier is a lambda nobody else holds: a weak reference (the default) would lose it to GC
                .strongReference(true)
                .register(registry);
        this.suspensions = Counter.builder("tracking.ingest.stream.read.suspensions")
                .description("Times a connection reached its bound of unanswered frames and reading it stopped")
                .register(registry);
        for (int status : new int[] { 202, 207, 400, 403, 500, 503 }) {
            frame(status);
        }
    }

    void answered(int status) {
        frame(status).increment();
    }

    void suspended() {
        suspensions.increment();
    }

    /** A close the server decided, by a reason from a closed set: {@code expired}, {@code idle}, {@code limit}... */
    void closed(String reason) {
        closes.computeIfAbsent(reason, r -> Counter.builder("tracking.ingest.stream.closes")
                .description("Connections the server closed, by reason")
                .tag("reason", r)
                .register(registry)).increment();
    }

    private Counter frame(int status) {
        return frames.computeIfAbsent(status, s -> Counter.builder("tracking.ingest.stream.frames")
                .description("Frames answered on the WebSocket ingest, by status")
                .tag("status", Integer.toString(s))
                .register(registry));
    }
}
