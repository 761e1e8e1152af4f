package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tracking.benchmark.tool.Percentiles;

/**
 * The freshness probes of one capacity step, measured as {@link FreshnessScenario} does: each probe is a fresh driver
 * that POSTs one ping and then reads its latest position every {@value FreshnessScenario#POLL_MILLIS} ms until the
 * query service returns that ping; the time from the 202 to that read is its freshness. The probes start evenly
 * spaced while the step's fleet runs, so they measure the path under that load.
 */
final class CapacityProbes {

    private static final Duration PROBE_MARGIN = Duration.ofSeconds(15);

    private final List<ScheduledFuture<Double>> probes = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final long lastStart;

    private CapacityProbes(ScheduledExecutorService timer, long lastStart) {
        this.timer = timer;
        this.lastStart = lastStart;
    }

    /** Starts {@code count} probes {@code spacing} apart, the first after {@code delay}. */
    static CapacityProbes start(BenchmarkContext context, String tag, int count, Duration delay, Duration spacing) {
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "capacity-probe");
            thread.setDaemon(true);
            return thread;
        });
        Duration last = delay.plus(spacing.multipliedBy(Math.max(0, count - 1)));
        CapacityProbes started = new CapacityProbes(timer, System.nanoTime() + last.toNanos());
        String logistics = context.logisticsToken();
        for (int i = 0; i < count; i++) {
            String driverId = "capacity-probe-" + tag + "-" + i;
            started.probes.add(timer.schedule(() -> FreshnessScenario.probe(context, driverId, logistics),
                    delay.plus(spacing.multipliedBy(i)).toNanos(), TimeUnit.NANOSECONDS));
        }
        return started;
    }

    /** Waits for every probe (each bounded) and returns their results. */
    Result finish(BenchmarkContext context) throws InterruptedException {
        List<Double> freshness = new ArrayList<>();
        int failed = 0;
        long deadline = lastStart + FreshnessScenario.PROBE_TIMEOUT.plus(PROBE_MARGIN).toNanos();
        try {
            for (ScheduledFuture<Double> probe : probes) {
                try {
                    freshness.add(probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    failed++;
                    context.log().println("  probe failed: " + e.getCause().getMessage());
                } catch (TimeoutException e) {
                    failed++;
                    probe.cancel(true);
                    context.log().println("  probe failed: no answer in time");
                }
            }
        } finally {
            timer.shutdownNow();
        }
        return new Result(freshness.isEmpty() ? Double.NaN : Percentiles.of(freshness, 99), freshness.size(),
                failed);
    }

    /**
     * @param p99Ms freshness p99 of the probes that completed; NaN when none did
     * @param completed probes that saw their ping queryable
     * @param failed probes whose ping was refused or not queryable in time
     */
    record Result(double p99Ms, int completed, int failed) {
    }
}
