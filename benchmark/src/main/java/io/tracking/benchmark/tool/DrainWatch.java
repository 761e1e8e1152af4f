package io.tracking.benchmark.tool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import io.tracking.benchmark.report.Series;

/**
 * Watches a growing count (rows stored by a consumer) until it reaches a target or stops growing, and measures the
 * rate between the first sample that showed rows and the moment the count last grew. Starting at the first stored
 * row keeps process start-up and the consumer group join out of the rate; both consumers are measured alike.
 */
public final class DrainWatch {

    /** A count that may fail (e.g. the service is not up yet): such a sample is skipped. */
    @FunctionalInterface
    public interface Counter {
        long count() throws Exception;
    }

    private DrainWatch() {
    }

    /**
     * Samples {@code counter} every {@code interval} until it reaches {@code target}, or did not grow for
     * {@code stall} once it had started, or {@code timeout} passed, or {@code giveUp} says the consumer is gone.
     */
    public static Drain watch(Counter counter, long target, Duration interval, Duration stall, Duration timeout,
            BooleanSupplier giveUp) {
        return watch(counter, target, interval, count -> stall, timeout, giveUp);
    }

    /**
     * As {@link #watch(Counter, long, Duration, Duration, Duration, BooleanSupplier)}, with a stall time that depends
     * on the count reached: a consumer short of its backlog may pause longer than one that has caught up.
     */
    public static Drain watch(Counter counter, long target, Duration interval, LongFunction<Duration> stall,
            Duration timeout, BooleanSupplier giveUp) {
        List<Series.Point> samples = new ArrayList<>();
        long start = System.nanoTime();
        long lastGrowth = start;
        long last = -1;
        while (true) {
            long now = System.nanoTime();
            Long value = sample(counter);
            if (value != null) {
                samples.add(new Series.Point((now - start) / 1e9, value));
                if (value > last) {
                    if (last >= 0 || value > 0) {
                        lastGrowth = now;
                    }
                    last = value;
                }
                if (value >= target) {
                    break;
                }
            }
            boolean started = last > 0;
            if (started && now - lastGrowth > stall.apply(last).toNanos()) {
                break;
            }
            if (now - start > timeout.toNanos() || giveUp.getAsBoolean()) {
                break;
            }
            LockSupport.parkNanos(interval.toNanos());
        }
        return Drain.of(samples, target);
    }

    private static Long sample(Counter counter) {
        try {
            return counter.count();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The outcome of a watch.
     *
     * @param rows the last count seen
     * @param target the count waited for
     * @param firstRowSeconds time of the first sample showing rows, from the start of the watch
     * @param lastGrowthSeconds time of the first sample showing the final count
     * @param ratePerSecond rows added between those two samples divided by the time between them; NaN when fewer
     *     than two samples showed rows
     * @param samples every sample, for the throughput chart
     */
    public record Drain(long rows, long target, double firstRowSeconds, double lastGrowthSeconds, double ratePerSecond,
            List<Series.Point> samples) {

        public Drain {
            samples = List.copyOf(samples);
        }

        public boolean reachedTarget() {
            return rows >= target;
        }

        /** The drain described by {@code samples} (time-ordered cumulative counts). */
        public static Drain of(List<Series.Point> samples, long target) {
            Series.Point first = null;
            Series.Point end = null;
            for (Series.Point sample : samples) {
                if (first == null && sample.value() > 0) {
                    first = sample;
                }
                if (end == null || sample.value() > end.value()) {
                    end = sample;
                }
            }
            if (first == null || end == null) {
                return new Drain(0, target, Double.NaN, Double.NaN, Double.NaN, samples);
            }
            double seconds = end.seconds() - first.seconds();
            double rate = seconds > 0 ? (end.value() - first.value()) / seconds : Double.NaN;
            return new Drain((long) end.value(), target, first.seconds(), end.seconds(), rate, samples);
        }

        /** The samples from the first one showing rows, with time and count relative to it. */
        public List<Series.Point> fromFirstRow() {
            List<Series.Point> relative = new ArrayList<>();
            Series.Point first = null;
            for (Series.Point sample : samples) {
                if (first == null && sample.value() > 0) {
                    first = sample;
                }
                if (first != null) {
                    relative.add(new Series.Point(sample.seconds() - first.seconds(), sample.value()));
                }
            }
            return relative;
        }
    }
}
