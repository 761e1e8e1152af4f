package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.ConstantRateLoad;

/**
 * The GET figures without wrk: {@link ConstantRateLoad}, the benchmark's open-loop generator, at a fixed offered
 * rate, on a thread of its own in the benchmark JVM (never the common {@code ForkJoinPool}, which on two cores and
 * JDK 25 has a single worker that other code may hold), every run bounded: its requests are given up after
 * {@link #DRAIN_TIMEOUT} and the run itself after that plus {@link #RUN_MARGIN}. The same warm-up and measured-run
 * schedule as {@link WrkFigures}; figures under the same keys, their subject and method saying that the Java
 * generator measured them and at which rate, since an open loop measures latency at that rate, not saturation.
 */
final class JavaLoadFigures {

    /** Keep-alive connections of the open loop, each with at most one request in flight: the in-flight bound. */
    static final int CONNECTIONS = 32;
    /** How long a run waits for the answers still due once the last request fell due. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** Beyond its length and drain timeout, how long a run may take before the scenario gives up on it. */
    static final Duration RUN_MARGIN = Duration.ofSeconds(20);

    private JavaLoadFigures() {
    }

    /**
     * Sends {@code GET path(i)} with the bearer {@code token} to {@code baseUrl} at {@code rate} a second and returns
     * figures {@code <key>.rate}, {@code <key>.p50} and {@code <key>.p99}, calling {@code afterWarmUp} between the
     * warm-up and the measured runs.
     *
     * @throws IllegalStateException when a run got no answer at all or did not end in time
     */
    static List<Figure> measure(BenchmarkContext context, LongFunction<String> path, String baseUrl, String token,
            double rate, String key, String subject, String what, WrkFigures.Step afterWarmUp) throws Exception {
        BenchmarkSettings settings = context.settings();
        ConstantRateLoad load = new ConstantRateLoad(baseUrl, Map.of("Authorization", "Bearer " + token));
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread generator = new Thread(runnable, "java-load-" + key);
            generator.setDaemon(true);
            return generator;
        });
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> cores = new ArrayList<>();
        long failed = 0;
        try {
            if (!settings.warmup().isZero()) {
                run(thread, load, path, rate, settings.warmup(), subject + " warm-up");
            }
            afterWarmUp.run();
            for (int run = 1; run <= settings.runs(); run++) {
                ConstantRateLoad.Result result = run(thread, load, path, rate, settings.wrkDuration(),
                        subject + " run " + run);
                long errors = result.statusErrors() + result.socketErrors();
                context.log().printf(Locale.ROOT, "  run %d (Java generator, open loop at %.0f req/s): %.0f req/s, "
                        + "p50 %.2f ms, p99 %.2f ms, %d errors or unanswered, generator %.2f cores%n", run, rate,
                        result.successPerSecond(), result.latencyMs(50), result.latencyMs(99), errors,
                        result.clientCores());
                if (result.completed() == result.statusErrors()) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "the Java generator got no successful"
                            + " answer in run %d of %s (%d requests due, %d answered with an error status, %d "
                            + "unanswered or broken)", run, subject, result.scheduled(), result.statusErrors(),
                            result.socketErrors()));
                }
                if (!Double.isFinite(result.latencyMs(99))) {
                    // unanswered requests count as the slowest: more than 1 % of them leave no p99 to print
                    throw new IllegalStateException(String.format(Locale.ROOT, "the Java generator's run %d of %s "
                            + "left more than 1 %% of its %d requests unanswered %d s after the last fell due", run,
                            subject, result.scheduled(), DRAIN_TIMEOUT.toSeconds()));
                }
                rates.add(result.successPerSecond());
                p50.add(result.latencyMs(50));
                p99.add(result.latencyMs(99));
                cores.add(result.clientCores());
                failed += errors;
            }
        } finally {
            thread.shutdownNow();
        }
        if (failed > 0) {
            context.note(subject + " (Java generator): " + failed + " requests failed or went unanswered over the runs");
        }
        String method = String.format(Locale.ROOT, "measured by the Java generator, not wrk (%s): open loop "
                + "(ConstantRateLoad on a thread of its own in the benchmark JVM) at %,.0f req/s, a request due every "
                + "%.0f µs whether or not earlier ones were answered, over up to %d keep-alive connections; latency "
                + "from the due time to the whole response; %d s per run after %s warm-up; %s; throughput is what the "
                + "service answered at that offered rate, not its saturation (wrk's closed loop); the generator "
                + "shares the cores with the service and used %.2f cores (median)", context.noWrkReason(),
                rate, 1e6 / rate, CONNECTIONS, settings.wrkDuration().toSeconds(),
                settings.warmup().isZero() ? "no" : settings.warmup().toSeconds() + " s", what,
                Spread.of(cores).median());
        String generated = subject + " (Java generator)";
        return List.of(
                Figure.of(key + ".rate", generated, "throughput achieved", "req/s", rates, method),
                Figure.of(key + ".p50", generated, "p50 latency", "ms", p50, method),
                Figure.of(key + ".p99", generated, "p99 latency", "ms", p99, method));
    }

    /** One open-loop run on the generator's thread, waited for with a bound. */
    private static ConstantRateLoad.Result run(ExecutorService thread, ConstantRateLoad load, LongFunction<String> path,
            double rate, Duration length, String what) throws Exception {
        Future<ConstantRateLoad.Result> run = thread.submit(() -> load.run(path, rate, length, CONNECTIONS,
                DRAIN_TIMEOUT));
        Duration limit = length.plus(DRAIN_TIMEOUT).plus(RUN_MARGIN);
        try {
            return run.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new IllegalStateException(String.format(Locale.ROOT, "the Java generator (open loop at %.0f req/s)"
                    + " did not end %s within %d s", rate, what, limit.toSeconds()), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Java generator failed in " + what + ": " + e.getCause(),
                    e.getCause());
        }
    }
}
