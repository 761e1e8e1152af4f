package io.tracking.query.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The monitor's schedule, gauges and failure handling, with a measurement that answers what the test says. */
class WriterLagMonitorTests {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Object> next = new AtomicReference<>(new WriterLag(7, 3.5));
    private final AtomicInteger measured = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final WriterLagMonitor monitor = new WriterLagMonitor(new WriterLagMonitor.Measurement() {
        @Override
        public WriterLag measure() throws Exception {
            measured.incrementAndGet();
            Object answer = next.get();
            if (answer instanceof Exception exception) {
                throw exception;
            }
            if (answer instanceof Error error) {
                throw error;
            }
            return (WriterLag) answer;
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }, INTERVAL, meters);

    @AfterEach
    void stop() {
        monitor.stop();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void shouldShowNaNAndNotMeasuredBeforeTheFirstMeasurement() {
        assertThat(gauge("tracking.query.writer.lag.records")).isNaN();
        assertThat(gauge("tracking.query.writer.lag.seconds")).isNaN();
        assertThat(gauge("tracking.query.writer.lag.measured")).isZero();
    }

    @Test
    void shouldShowTheLastMeasurementWhileFresh() {
        monitor.start();

        await().atMost(WAIT).until(() -> gauge("tracking.query.writer.lag.measured") == 1);
        assertThat(gauge("tracking.query.writer.lag.records")).isEqualTo(7);
        assertThat(gauge("tracking.query.writer.lag.seconds")).isEqualTo(3.5);

        next.set(WriterLag.CAUGHT_UP);
        await().atMost(WAIT).until(() -> gauge("tracking.query.writer.lag.records") == 0);
        assertThat(gauge("tracking.query.writer.lag.seconds")).isZero();
    }

    @Test
    void shouldTurnNaNWhenMeasurementsKeepFailingAndRecoverOnTheSameThread() {
        monitor.start();
        await().atMost(WAIT).until(() -> gauge("tracking.query.writer.lag.measured") == 1);

        next.set(new IllegalStateException("database down"));
        await().atMost(WAIT).until(() -> gauge("tracking.query.writer.lag.measured") == 0
                && meters.get("tracking.query.writer.lag.failures").counter().count() >= 3);
        assertThat(gauge("tracking.query.writer.lag.records")).as("no stale value").isNaN();
        assertThat(gauge("tracking.query.writer.lag.seconds")).isNaN();

        // an Error too: the schedule must survive it
        next.set(new StackOverflowError());
        int before = measured.get();
        await().atMost(WAIT).until(() -> measured.get() >= before + 2);

        next.set(new WriterLag(2, 1.25));
        await().atMost(WAIT).until(() -> gauge("tracking.query.writer.lag.measured") == 1);
        assertThat(gauge("tracking.query.writer.lag.records")).isEqualTo(2);
        assertThat(gauge("tracking.query.writer.lag.seconds")).isEqualTo(1.25);
    }

    @Test
    void shouldCloseTheMeasurementWhenStopped() {
        monitor.start();
        await().atMost(WAIT).until(() -> measured.get() > 0);

        monitor.stop();

        assertThat(closed).isTrue();
        assertThat(monitor.isRunning()).isFalse();
        int after = measured.get();
        await().during(INTERVAL.multipliedBy(4)).atMost(WAIT).until(() -> measured.get() == after);
    }
}
