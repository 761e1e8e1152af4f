package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.Wrk;

/**
 * {@code GET /api/v1/drivers/{id}/location} for random drivers of the last drain run (all of them have a stored
 * position), with a logistics token, from wrk: at saturation, then at the target rate, where the p99 says what a
 * client sees rather than how long requests queue for a core once two cores are saturated.
 */
final class QueryLatestScenario implements Scenario {

    /** The rate the query service must serve latest positions at, with a p99 under 20 ms (issue 6). */
    private static final double TARGET_RATE = 5_000;

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
        String lua = script(fleet, context.logisticsToken());
        Path script = context.workDirectory().resolve("query-latest.lua");
        Files.writeString(script, lua, StandardCharsets.UTF_8);
        String baseUrl = context.stack().query().baseUrl();
        String what = String.format(Locale.ROOT, "random ids among %,d drivers with a stored position, one logistics"
                + " token", fleet.drivers());
        List<Figure> figures = new ArrayList<>(WrkFigures.measure(context, wrk, script, baseUrl, "query.latest",
                "query latest position", what));
        figures.addAll(WrkFigures.measureAtRate(context, wrk, lua, baseUrl, "query.latest.paced",
                String.format(Locale.ROOT, "query latest position at %,.0f req/s", TARGET_RATE), what, TARGET_RATE));
        return figures;
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
