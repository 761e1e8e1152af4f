package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.ConstantRateLoad;
import io.tracking.benchmark.tool.OpenLoopProcess;
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

    /**
     * Without wrk: the offered rate of the Java generator's open loop (well below what even a barely warmed query
     * service answers on two cores, so that it measures latency, not a growing queue); lower in the smoke mode,
     * whose services run without C2.
     */
    static final double JAVA_RATE = 2_000;
    static final double JAVA_RATE_SMOKE = 100;

    @Override
    public String name() {
        return "query-latest";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        Wrk wrk = context.wrk().orElse(null);
        LoadedPings fleet = context.drainedFleet()
                .orElseThrow(() -> new IllegalStateException("needs the drivers of a writer-drain run"));
        String what = String.format(Locale.ROOT, "random ids among %,d drivers with a stored position, one logistics"
                + " token", fleet.drivers());
        CacheLookups before = CacheLookups.read(context);
        List<Figure> figures = new ArrayList<>();
        if (wrk != null) {
            Path script = context.workDirectory().resolve("query-latest.lua");
            Files.writeString(script, script(fleet, context.logisticsToken()), StandardCharsets.UTF_8);
            figures.addAll(WrkFigures.measure(context, wrk, script, context.stack().query().baseUrl(),
                    "query.latest", "query latest position", what));
        } else {
            double rate = context.settings().isSmoke() ? JAVA_RATE_SMOKE : JAVA_RATE;
            figures.addAll(JavaLoadFigures.measure(context, paths(fleet, new SplittableRandom()),
                    context.stack().query().baseUrl(), context.logisticsToken(), rate, "query.latest",
                    "query latest position", what, () -> { }));
        }
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
        int width = fleet.driverId(0).length() - fleet.prefix().length();
        OpenLoopProcess.Load load = new OpenLoopProcess.Load(context.stack().query().baseUrl(),
                context.logisticsToken(), fleet.prefix(), fleet.drivers(), width, TARGET_RATE,
                OPEN_LOOP_CONNECTIONS);
        CacheLookups before = CacheLookups.read(context);
        List<OpenLoopProcess.Run> runs = OpenLoopProcess.run(load, OPEN_LOOP_WARMUP, OPEN_LOOP_WARMUP_STEP,
                settings.wrkDuration(), settings.runs(), context.workDirectory().resolve("open-loop.log"));
        String lookups = CacheLookups.read(context).since(before) + " (warm-up included)";
        long failed = 0;
        for (int run = 0; run < runs.size(); run++) {
            OpenLoopProcess.Run result = runs.get(run);
            context.log().printf(Locale.ROOT, "  open loop %d: %.0f req/s of %.0f, p50 %.2f ms, p99 %.2f ms, "
                    + "p99.9 %.2f ms, sent late p99 %.2f ms, %d errors, %.2f cores%n", run + 1,
                    result.successPerSecond(), TARGET_RATE, result.p50Ms(), result.p99Ms(), result.p999Ms(),
                    result.sendLagP99Ms(), result.failed(), result.clientCores());
            failed += result.failed();
        }
        context.log().println("  " + lookups);
        if (failed > 0) {
            context.note("query latest position, open loop: " + failed + " requests failed or went unanswered");
        }
        String subject = String.format(Locale.ROOT, "query latest position at %,.0f req/s", TARGET_RATE);
        String method = String.format(Locale.ROOT, "open loop (ConstantRateLoad, in a JVM of its own like wrk): a "
                + "request falls due every %.0f µs whether or not earlier ones were answered, over up to %d keep-alive "
                + "connections; latency from the due time to the whole response, so waiting for a free connection "
                + "counts; %d s per run after %d s of untimed %d-second runs (the generator's JIT); %s; sent after "
                + "its due time p99 %.2f ms (median of the runs), the generator used %.2f cores; %s",
                1e6 / TARGET_RATE, OPEN_LOOP_CONNECTIONS, settings.wrkDuration().toSeconds(),
                OPEN_LOOP_WARMUP.toSeconds(), OPEN_LOOP_WARMUP_STEP.toSeconds(), what,
                Spread.of(values(runs, OpenLoopProcess.Run::sendLagP99Ms)).median(),
                Spread.of(values(runs, OpenLoopProcess.Run::clientCores)).median(), lookups);
        return List.of(
                Figure.of("query.latest.paced.rate", subject, "throughput achieved", "req/s",
                        values(runs, OpenLoopProcess.Run::successPerSecond), method),
                Figure.of("query.latest.paced.p50", subject, "p50 latency", "ms",
                        values(runs, OpenLoopProcess.Run::p50Ms), method),
                Figure.of("query.latest.paced.p99", subject, "p99 latency", "ms",
                        values(runs, OpenLoopProcess.Run::p99Ms), method),
                Figure.of("query.latest.paced.p999", subject, "p99.9 latency", "ms",
                        values(runs, OpenLoopProcess.Run::p999Ms), method));
    }

    private static List<Double> values(List<OpenLoopProcess.Run> runs, ToDoubleFunction<OpenLoopProcess.Run> field) {
        return runs.stream().map(run -> field.applyAsDouble(run)).toList();
    }

    /** The requests the Lua script sends, for the Java generator: random drivers of {@code fleet}. */
    static LongFunction<String> paths(LoadedPings fleet, SplittableRandom random) {
        int width = fleet.driverId(0).length() - fleet.prefix().length();
        String format = "/api/v1/drivers/" + fleet.prefix() + "%0" + width + "d/location";
        return request -> String.format(Locale.ROOT, format, random.nextInt(fleet.drivers()));
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
