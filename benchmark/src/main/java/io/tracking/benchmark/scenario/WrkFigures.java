package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.Wrk;

/**
 * A warm-up and {@link BenchmarkSettings#runs()} measured wrk runs of one script, as three figures: at saturation
 * ({@link #measure}) or at a given request rate ({@link #measureAtRate}).
 */
final class WrkFigures {

    /** Pause of a paced connection between a response and its next request (wrk counts delays in whole ms). */
    private static final int PACE_MILLIS = 6;
    private static final int CALIBRATION_CONNECTIONS = 32;
    private static final int CALIBRATION_STEPS = 3;
    private static final Duration CALIBRATION = Duration.ofSeconds(4);

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
        wrk.warmUp(script, baseUrl, settings.wrkThreads(), settings.wrkConnections(), settings.warmup());
        afterWarmUp.run();
        Runs runs = runs(context, wrk, script, baseUrl, settings.wrkConnections(), Double.NaN, subject);
        String method = String.format(Locale.ROOT, "wrk (Lua script), %d threads × %d connections, %d s per run after"
                + " %d s warm-up; %s; wrk used %.2f cores (median)", settings.wrkThreads(), settings.wrkConnections(),
                settings.wrkDuration().toSeconds(), settings.warmup().toSeconds(), what,
                Spread.of(runs.cores()).median());
        return runs.figures(key, subject, method);
    }

    /**
     * The latency at about {@code rate} requests per second rather than at saturation: each connection pauses
     * {@value #PACE_MILLIS} ms between a response and its next request, and a short calibration run picks the
     * number of connections that offers {@code rate}. A closed loop all the same: a slow response delays its
     * connection's next request, so a stall is counted once, not for every request it held up (wrk2's correction
     * for coordinated omission is not available here). Run after {@link #measure} on the same service, whose
     * load was the warm-up. Figures {@code <key>.rate}, {@code <key>.p50} and {@code <key>.p99}.
     */
    static List<Figure> measureAtRate(BenchmarkContext context, Wrk wrk, String script, String baseUrl, String key,
            String subject, String what, double rate) throws Exception {
        BenchmarkSettings settings = context.settings();
        Path paced = context.workDirectory().resolve(key + ".lua");
        Files.writeString(paced, script + "function delay()\n  return " + PACE_MILLIS + "\nend\n",
                StandardCharsets.UTF_8);
        int connections = CALIBRATION_CONNECTIONS;
        for (int step = 1; step <= CALIBRATION_STEPS; step++) {
            Wrk.WrkResult calibration = wrk.run(paced, baseUrl, settings.wrkThreads(), connections, CALIBRATION,
                    CALIBRATION);
            int next = connectionsFor(rate, calibration, settings.wrkThreads());
            context.log().printf(Locale.ROOT, "  calibration %d: %d connections gave %.0f req/s%n", step,
                    connections, calibration.successPerSecond());
            if (next == connections) {
                break;
            }
            connections = next;
        }
        Runs runs = runs(context, wrk, paced, baseUrl, connections, rate, subject);
        String method = String.format(Locale.ROOT, "wrk (Lua script), %d threads × %d connections at first, each"
                + " pausing %d ms between a response and its next request (connections chosen by up to %d calibration"
                + " runs of %d s for %,.0f req/s, then again after each run), %d s per run, right after the saturated runs; %s; closed loop: a stalled"
                + " response holds back its connection's next request instead of being counted for each request"
                + " it delayed; wrk used %.2f cores (median)", settings.wrkThreads(), connections, PACE_MILLIS,
                CALIBRATION_STEPS, CALIBRATION.toSeconds(), rate, settings.wrkDuration().toSeconds(), what,
                Spread.of(runs.cores()).median());
        return runs.figures(key, subject, method);
    }

    /**
     * Connections (a multiple of {@code threads}) that would have offered {@code rate} in {@code calibration}; its
     * connections when within 2 % of it. A paced connection slows down a little as the load grows, hence the steps.
     */
    static int connectionsFor(double rate, Wrk.WrkResult calibration, int threads) {
        double achieved = calibration.successPerSecond();
        if (Math.abs(achieved - rate) <= rate * 0.02) {
            return calibration.connections();
        }
        double perConnection = achieved / calibration.connections();
        int connections = (int) Math.ceil(rate / Math.max(perConnection, 1.0) / threads) * threads;
        return Math.max(threads, Math.min(connections, 1_000));
    }

    /**
     * The measured runs; with a {@code rate} (not NaN) the connections of each run are re-chosen from the one before,
     * since the service still speeds up as its JIT finishes compiling.
     */
    private static Runs runs(BenchmarkContext context, Wrk wrk, Path script, String baseUrl, int firstConnections,
            double rate, String subject) throws Exception {
        BenchmarkSettings settings = context.settings();
        int connections = firstConnections;
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> cores = new ArrayList<>();
        long errors = 0;
        for (int run = 1; run <= settings.runs(); run++) {
            Wrk.WrkResult result = wrk.run(script, baseUrl, settings.wrkThreads(), connections,
                    settings.wrkDuration(), settings.wrkDuration());
            context.log().printf(Locale.ROOT,
                    "  run %d: %d connections, %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors, wrk %.2f cores%n", run,
                    connections, result.successPerSecond(), result.p50Ms(), result.p99Ms(),
                    result.statusErrors() + result.socketErrors(), result.clientCores());
            rates.add(result.successPerSecond());
            p50.add(result.p50Ms());
            p99.add(result.p99Ms());
            cores.add(result.clientCores());
            errors += result.statusErrors() + result.socketErrors();
            if (!Double.isNaN(rate)) {
                connections = connectionsFor(rate, result, settings.wrkThreads());
            }
        }
        if (errors > 0) {
            context.note(subject + ": " + errors + " requests failed (status >= 400 or socket errors) over the runs");
        }
        return new Runs(rates, p50, p99, cores);
    }

    /** Something a scenario does between the warm-up and the measured runs. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** The measured runs' figures, one value per run. */
    private record Runs(List<Double> rates, List<Double> p50, List<Double> p99, List<Double> cores) {

        List<Figure> figures(String key, String subject, String method) {
            return List.of(
                    Figure.of(key + ".rate", subject, "throughput", "req/s", rates, method),
                    Figure.of(key + ".p50", subject, "p50 latency", "ms", p50, method),
                    Figure.of(key + ".p99", subject, "p99 latency", "ms", p99, method));
        }
    }
}
