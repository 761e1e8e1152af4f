package io.tracking.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LatencyHistogramTests {

    @Test
    void shouldReportPercentilesOfAUniformSpreadWithinAPerMille() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int millis = 1; millis <= 1_000; millis++) {
            histogram.recordNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        }

        Latency latency = histogram.snapshot();

        assertThat(latency.count()).isEqualTo(1_000);
        assertThat(latency.p50()).isCloseTo(500, within(0.5));
        assertThat(latency.p95()).isCloseTo(950, within(1.0));
        assertThat(latency.p99()).isCloseTo(990, within(1.0));
        assertThat(latency.max()).isCloseTo(1_000, within(1.0));
        assertThat(latency.mean()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void shouldLetTheSlowTailShowInTheHighPercentilesOnly() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 980; i++) {
            histogram.recordNanos(TimeUnit.MICROSECONDS.toNanos(2_000));
        }
        for (int i = 0; i < 20; i++) {
            histogram.recordNanos(TimeUnit.SECONDS.toNanos(3));
        }

        Latency latency = histogram.snapshot();

        assertThat(latency.p50()).isCloseTo(2.0, within(0.01));
        assertThat(latency.p95()).isCloseTo(2.0, within(0.01));
        assertThat(latency.p99()).isCloseTo(3_000, within(3.0));
        assertThat(latency.max()).isCloseTo(3_000, within(3.0));
    }

    @Test
    void shouldAccumulateAcrossSnapshots() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordNanos(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(histogram.snapshot().count()).isEqualTo(1);
        histogram.recordNanos(TimeUnit.MILLISECONDS.toNanos(30));

        Latency latency = histogram.snapshot();

        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.max()).isCloseTo(30, within(0.05));
    }

    @Test
    void shouldReportZerosBeforeAnythingWasRecorded() {
        assertThat(new LatencyHistogram().snapshot()).isEqualTo(new Latency(0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldCountEveryValueRecordedFromManyThreads() throws InterruptedException {
        LatencyHistogram histogram = new LatencyHistogram();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    histogram.recordNanos(1_000_000L + i);
                    if (i % 1_000 == 0) {
                        histogram.snapshot();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(histogram.snapshot().count()).isEqualTo(40_000);
    }
}
