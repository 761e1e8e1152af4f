package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.tracking.benchmark.report.Series.Point;

class DrainWatchTests {

    @Test
    void shouldMeasureTheRateFromTheFirstSampleWithRowsToTheLastGrowth() {
        List<Point> samples = List.of(new Point(0.0, 0), new Point(4.0, 0), new Point(5.0, 10_000),
                new Point(6.0, 70_000), new Point(7.0, 130_000), new Point(8.0, 130_000));

        DrainWatch.Drain drain = DrainWatch.Drain.of(samples, 130_000);

        assertThat(drain.rows()).isEqualTo(130_000);
        assertThat(drain.reachedTarget()).isTrue();
        assertThat(drain.firstRowSeconds()).isEqualTo(5.0);
        assertThat(drain.lastGrowthSeconds()).isEqualTo(7.0);
        assertThat(drain.ratePerSecond()).isCloseTo(60_000, within(1e-9));
        assertThat(drain.fromFirstRow()).first().isEqualTo(new Point(0.0, 10_000));
        assertThat(drain.fromFirstRow()).hasSize(4);
    }

    @Test
    void shouldHaveNoRateWithoutRows() {
        DrainWatch.Drain drain = DrainWatch.Drain.of(List.of(new Point(0, 0), new Point(1, 0)), 10);

        assertThat(drain.rows()).isZero();
        assertThat(drain.reachedTarget()).isFalse();
        assertThat(drain.ratePerSecond()).isNaN();
        assertThat(drain.fromFirstRow()).isEmpty();
    }

    @Test
    void shouldStopAtTheTarget() {
        AtomicLong count = new AtomicLong();

        DrainWatch.Drain drain = DrainWatch.watch(() -> count.addAndGet(100), 500, Duration.ZERO,
                Duration.ofSeconds(10), Duration.ofSeconds(10), () -> false);

        assertThat(drain.rows()).isEqualTo(500);
        assertThat(drain.samples()).hasSize(5);
    }

    @Test
    void shouldStopWhenTheCountStandsStillAfterItStarted() {
        AtomicLong calls = new AtomicLong();

        DrainWatch.Drain drain = DrainWatch.watch(() -> Math.min(calls.incrementAndGet(), 3) * 10, Long.MAX_VALUE,
                Duration.ofMillis(1), Duration.ofMillis(50), Duration.ofSeconds(10), () -> false);

        assertThat(drain.rows()).isEqualTo(30);
        assertThat(drain.reachedTarget()).isFalse();
    }

    @Test
    void shouldSkipFailedSamplesAndGiveUpWhenTold() {
        AtomicLong calls = new AtomicLong();

        DrainWatch.Drain drain = DrainWatch.watch(() -> {
            if (calls.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("not up yet");
            }
            return 0;
        }, 10, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(10), () -> calls.get() >= 6);

        assertThat(drain.samples()).hasSize(3);
        assertThat(drain.rows()).isZero();
    }

    @Test
    void shouldWaitLongerForACountShortOfItsBacklog() {
        AtomicLong calls = new AtomicLong();
        long started = System.nanoTime();

        DrainWatch.Drain drain = DrainWatch.watch(() -> Math.min(calls.incrementAndGet(), 3) * 10, Long.MAX_VALUE,
                Duration.ofMillis(1), count -> count >= 100 ? Duration.ZERO : Duration.ofMillis(200),
                Duration.ofSeconds(10), () -> false);

        assertThat(drain.rows()).isEqualTo(30);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }
}
