package io.tracking.benchmark.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.Wrk;

/** A warm-up and {@link BenchmarkSettings#runs()} measured wrk runs of one script, as three figures. */
final class WrkFigures {

    private WrkFigures() {
    }

    /**
     * Runs {@code script} against {@code baseUrl} and returns figures {@code <key>.rate}, {@code <key>.p50} and
     * {@code <key>.p99}; {@code what} describes the load for the method text.
     */
    static List<Figure> measure(BenchmarkContext context, Wrk wrk, Path script, String baseUrl, String key,
            String subject, String what) throws Exception {
        return measure(context, wrk, script, baseUrl, key, subject, what, () -> { });
    }

    /** {@link #measure}, calling {@code afterWarmUp} between the warm-up and the measured runs. */
    static List<Figure> measure(BenchmarkContext context, Wrk wrk, Path script, String baseUrl, String key,
            String subject, String what, Step afterWarmUp) throws Exception {
        BenchmarkSettings settings = context.settings();
        if (!settings.warmup().isZero()) {
            wrk.warmUp(script, baseUrl, settings.wrkThreads(), settings.wrkConnections(), settings.warmup());
        }
        afterWarmUp.run();
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> cores = new ArrayList<>();
        long errors = 0;
        for (int run = 1; run <= settings.runs(); run++) {
            Wrk.WrkResult result = wrk.run(script, baseUrl, settings.wrkThreads(), settings.wrkConnections(),
                    settings.wrkDuration(), settings.wrkDuration());
            context.log().printf(Locale.ROOT,
                    "  run %d: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors, wrk %.2f cores%n", run,
                    result.successPerSecond(), result.p50Ms(), result.p99Ms(),
                    result.statusErrors() + result.socketErrors(), result.clientCores());
            rates.add(result.successPerSecond());
            p50.add(result.p50Ms());
            p99.add(result.p99Ms());
            cores.add(result.clientCores());
            errors += result.statusErrors() + result.socketErrors();
        }
        if (errors > 0) {
            context.note(subject + ": " + errors + " requests failed (status >= 400 or socket errors) over the runs");
        }
        String method = String.format(Locale.ROOT, "wrk (Lua script), %d threads × %d connections, %d s per run after"
                + " %s warm-up; %s; wrk used %.2f cores (median)", settings.wrkThreads(), settings.wrkConnections(),
                settings.wrkDuration().toSeconds(),
                settings.warmup().isZero() ? "no" : settings.warmup().toSeconds() + " s", what,
                Spread.of(cores).median());
        return List.of(
                Figure.of(key + ".rate", subject, "throughput", "req/s", rates, method),
                Figure.of(key + ".p50", subject, "p50 latency", "ms", p50, method),
                Figure.of(key + ".p99", subject, "p99 latency", "ms", p99, method));
    }

    /** Something a scenario does between the warm-up and the measured runs. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }
}
