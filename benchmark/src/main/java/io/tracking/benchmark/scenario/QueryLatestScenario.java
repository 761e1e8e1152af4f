package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.Wrk;

/**
 * {@code GET /api/v1/drivers/{id}/location} for random drivers of the last drain run (all of them have a stored
 * position), with a logistics token, from wrk.
 */
final class QueryLatestScenario implements Scenario {

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
        return WrkFigures.measure(context, wrk, script, context.stack().query().baseUrl(), "query.latest",
                "query latest position", String.format(Locale.ROOT, "random ids among %,d drivers with a stored "
                        + "position, one logistics token", fleet.drivers()));
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
