package io.tracking.query.pipeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Measures the batch writer's lag every {@code interval} on a daemon thread of its own, and shows the last
 * measurement as gauges:
 * <ul>
 * <li>{@code tracking.query.writer.lag.records}: records of the topic the writer has not finished with;
 * <li>{@code tracking.query.writer.lag.seconds}: age of the oldest of them (0 when caught up);
 * <li>{@code tracking.query.writer.lag.measured}: 1 while the last measurement is fresh, else 0;
 * <li>{@code tracking.query.writer.lag.failures}: measurements that failed.
 * </ul>
 *
 * <p>Invariant: the two lag gauges show a value only while it is fresh ({@link WriterLag#isFresh}: younger than three
 * intervals), and NaN otherwise, so that an alert on them never reads a stale 0 while the measurement itself is
 * failing. A failure is counted, and logged at WARN at most once a minute; nothing a measurement throws ends the
 * thread (an escaping exception would silently cancel the schedule).
 */
final class WriterLagMonitor implements SmartLifecycle {

    /** A measurement that may fail; called on the monitor's thread only. */
    interface Measurement extends AutoCloseable {

        WriterLag measure() throws Exception;

        /** Makes a measurement in progress give up soon; called from another thread when stopping. */
        void wakeup();

        @Override
        void close();
    }

    private static final Logger log = LoggerFactory.getLogger(WriterLagMonitor.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Measurement measurement;
    private final Duration interval;
    private final Counter failures;
    private final ScheduledExecutorService scheduler;

    private volatile boolean running;
    private volatile @Nullable Taken last;
    private long lastWarnNanos;
    private boolean warned;

    WriterLagMonitor(Measurement measurement, Duration interval, MeterRegistry meters) {
        this.measurement = measurement;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "writer-lag");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("tracking.query.writer.lag.records", this, monitor -> monitor.fresh(WriterLag::records))
                .description("Records of the location topic the batch writer has not stored yet (NaN: not measured)")
                .baseUnit("records").register(meters);
        Gauge.builder("tracking.query.writer.lag.seconds", this, monitor -> monitor.fresh(WriterLag::seconds))
                .description("Age of the oldest record the batch writer has not stored yet (NaN: not measured)")
                .baseUnit("seconds").register(meters);
        Gauge.builder("tracking.query.writer.lag.measured", this, monitor -> monitor.isFresh() ? 1 : 0)
                .description("1 while the writer lag gauges hold a fresh measurement, 0 otherwise").register(meters);
        this.failures = Counter.builder("tracking.query.writer.lag.failures")
                .description("Measurements of the batch writer's lag that failed").register(meters);
    }

    @Override
    public synchronized void start() {
        if (running || scheduler.isShutdown()) {
            return;
        }
        running = true;
        scheduler.scheduleWithFixedDelay(this::measureOnce, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops measuring, closes the measurement on its own thread, and waits a bounded time for that. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        measurement.wakeup();
        // a task submitted before shutdown() still runs; the periodic one does not
        scheduler.execute(measurement::close);
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Writer lag: the measuring thread did not stop within {}", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    boolean isFresh() {
        Taken taken = last;
        return taken != null && WriterLag.isFresh(taken.atNanos(), System.nanoTime(), interval);
    }

    void measureOnce() {
        try {
            WriterLag lag = measurement.measure();
            last = new Taken(lag, System.nanoTime());
        } catch (Throwable e) {
            // Throwable: anything escaping would cancel the schedule, and the gauges would go NaN for good
            failures.increment();
            warn(e);
        }
    }

    private double fresh(ToDoubleFunction<WriterLag> value) {
        Taken taken = last;
        boolean fresh = taken != null && WriterLag.isFresh(taken.atNanos(), System.nanoTime(), interval);
        return WriterLag.reported(taken == null ? Double.NaN : value.applyAsDouble(taken.lag()), fresh);
    }

    private void warn(Throwable e) {
        long now = System.nanoTime();
        if (!warned || now - lastWarnNanos >= WARN_EVERY_NANOS) {
            warned = true;
            lastWarnNanos = now;
            log.warn("Writer lag: measurement failed ({}); the lag gauges show NaN once the last one is {} old",
                    e.toString(), interval.multipliedBy(3));
        }
        log.debug("Writer lag: measurement failed", e);
    }

    private record Taken(WriterLag lag, long atNanos) {
    }
}
