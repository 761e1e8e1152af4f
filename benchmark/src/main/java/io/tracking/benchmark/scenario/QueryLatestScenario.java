package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.ConstantRateLoad;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.Wrk;

/**
 * {@code GET /api/v1/drivers/{id}/location} for random drivers of the last drain run (all of them have a stored
 * position), with a logistics token: first wrk's closed loop, which finds the most the service answers a second
 * (16 connections, each sending its next request when the last is answered); then an open loop at the issue's
 * 5,000 requests a second ({@link ConstantRateLoad}), whose latencies run from when each request fell due, so a
 * stall shows in every request that arrived meanwhile, as it would for the service's users (full mode only).
 */
final class QueryLatestScenario implements Scenario {

    /** The rate the latency target is stated at. */
    static final double TARGET_RATE = 5_000;

    /** Connections of the open loop: room for requests that arrive together, at most one in flight on each. */
    static final int OPEN_LOOP_CONNECTIONS = 32;

    /** Untimed open-loop load before the measured runs, in short runs: it warms the generator, not the service. */
    static final Duration OPEN_LOOP_WARMUP = Duration.ofSeconds(60);
    static final Duration OPEN_LOOP_WARMUP_STEP = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "query-latest";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        Wrk wrk = context.wrk().orElse(null);
        if (wrk == null) {
            context.note("query latest position not measured: wrk is not installed (apt-get install -y wrk)");
            return List.of();
        }
        LoadedPings fleet = context.drainedFleet()
                .orElseThrow(() -> new IllegalStateException("needs the drivers of a writer-drain run"));
        Path script = context.workDirectory().resolve("query-latest.lua");
        Files.writeString(script, script(fleet, context.logisticsToken()), StandardCharsets.UTF_8);
        String what = String.format(Locale.ROOT, "random ids among %,d drivers with a stored position, one logistics"
                + " token", fleet.drivers());
        CacheLookups before = CacheLookups.read(context);
        List<Figure> figures = new ArrayList<>(WrkFigures.measure(context, wrk, script,
                context.stack().query().baseUrl(), "query.latest", "query latest position", what));
        context.log().println("  " + CacheLookups.read(context).since(before));
        if (context.settings().isFull()) {
            figures.addAll(openLoop(context, fleet, what));
        } else {
            // the quick mode's barely warmed query JVM serves less than 5,000 req/s: its open loop would measure
            // the queue building up for the whole run
            context.note("query latest position at " + (int) TARGET_RATE + " req/s (open loop): measured in full "
                    + "mode only");
        }
        return figures;
    }

    private static List<Figure> openLoop(BenchmarkContext context, LoadedPings fleet, String what) throws Exception {
        BenchmarkSettings settings = context.settings();
        ConstantRateLoad load = new ConstantRateLoad(context.stack().query().baseUrl(),
                Map.of("Authorization", "Bearer " + context.logisticsToken()));
        SplittableRandom random = new SplittableRandom();
        LongFunction<String> path = request -> "/api/v1/drivers/" + fleet.driverId(random.nextInt(fleet.drivers()))
                + "/location";
        Duration drainTimeout = Duration.ofSeconds(10);
        // the generator runs in this JVM, and one long untimed run left it half compiled: over the next four runs its
        // CPU per request fell by a third and the p99 with it (34, 25, 20, 17, 15 ms). Short runs enter its loop
        // often enough for the JIT to compile all of it.
        for (Duration warmed = Duration.ZERO; warmed.compareTo(OPEN_LOOP_WARMUP) < 0; warmed = warmed.plus(
                OPEN_LOOP_WARMUP_STEP)) {
            load.run(path, TARGET_RATE, OPEN_LOOP_WARMUP_STEP, OPEN_LOOP_CONNECTIONS, drainTimeout);
        }
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        List<Double> lags = new ArrayList<>();
        List<Double> cores = new ArrayList<>();
        long failed = 0;
        CacheLookups before = CacheLookups.read(context);
        for (int run = 1; run <= settings.runs(); run++) {
            ConstantRateLoad.Result result = load.run(path, TARGET_RATE, settings.wrkDuration(),
                    OPEN_LOOP_CONNECTIONS, drainTimeout);
            context.log().printf(Locale.ROOT, "  open loop %d: %.0f req/s of %.0f, p50 %.2f ms, p99 %.2f ms, "
                    + "p99.9 %.2f ms, sent late p99 %.2f ms, %d errors, %.2f cores%n", run,
                    result.successPerSecond(), TARGET_RATE, result.latencyMs(50), result.latencyMs(99),
                    result.latencyMs(99.9), result.sendLagMs(99), result.statusErrors() + result.socketErrors(),
                    result.clientCores());
            rates.add(result.successPerSecond());
            p50.add(result.latencyMs(50));
            p99.add(result.latencyMs(99));
            p999.add(result.latencyMs(99.9));
            lags.add(result.sendLagMs(99));
            cores.add(result.clientCores());
            failed += result.statusErrors() + result.socketErrors();
        }
        if (failed > 0) {
            context.note("query latest position, open loop: " + failed + " requests failed or went unanswered");
        }
        String lookups = CacheLookups.read(context).since(before);
        context.log().println("  " + lookups);
        String subject = String.format(Locale.ROOT, "query latest position at %,.0f req/s", TARGET_RATE);
        String method = String.format(Locale.ROOT, "open loop in the benchmark JVM (ConstantRateLoad): a request "
                + "falls due every %.0f µs whether or not earlier ones were answered, over up to %d keep-alive "
                + "connections; latency from the due time to the whole response, so waiting for a free connection "
                + "counts; %d s per run after %d s of untimed %d-second runs (the generator's JIT); %s; sent after "
                + "its due time p99 %.2f ms (median of the runs), the generator used %.2f cores; %s",
                1e6 / TARGET_RATE, OPEN_LOOP_CONNECTIONS, settings.wrkDuration().toSeconds(),
                OPEN_LOOP_WARMUP.toSeconds(), OPEN_LOOP_WARMUP_STEP.toSeconds(), what, Spread.of(lags).median(),
                Spread.of(cores).median(), lookups);
        return List.of(
                Figure.of("query.latest.paced.rate", subject, "throughput achieved", "req/s", rates, method),
                Figure.of("query.latest.paced.p50", subject, "p50 latency", "ms", p50, method),
                Figure.of("query.latest.paced.p99", subject, "p99 latency", "ms", p99, method),
                Figure.of("query.latest.paced.p999", subject, "p99.9 latency", "ms", p999, method));
    }

    static String script(LoadedPings fleet, String token) {
        int width = fleet.driverId(0).length() - fleet.prefix().length();
        return String.format(Locale.ROOT, """
                local prefix = "%s"
                local drivers = %d
                local pattern = "/api/v1/drivers/%%s%%0%dd/location"
                local headers = {["Authorization"] = "Bearer %s"}
                function init(args)
                  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
                end
                request = function()
                  return wrk.format("GET", string.format(pattern, prefix, math.random(0, drivers - 1)), headers)
                end
                """, fleet.prefix(), fleet.drivers(), width, token) + Wrk.DONE_FUNCTION;
    }
}
