package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.Database;
import io.tracking.benchmark.tool.Wrk;

/**
 * {@code GET /api/v1/drivers/nearby} over {@link BenchmarkSettings#nearbyDrivers()} fresh latest positions spread
 * uniformly over the city (15 km radius), searched around random points within 10 km of the centre. The positions
 * are written straight into {@code driver_latest_location} with {@code recorded_at = now()} and removed afterwards;
 * the whole measurement stays well inside the service's 2-minute freshness window.
 */
final class NearbyScenario implements Scenario {

    private static final double CENTRE_LATITUDE = 12.9716;
    private static final double CENTRE_LONGITUDE = 77.5946;

    @Override
    public String name() {
        return "nearby";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        Wrk wrk = context.wrk().orElse(null);
        if (wrk == null) {
            context.note("nearby not measured: wrk is not installed (apt-get install -y wrk)");
            return List.of();
        }
        BenchmarkSettings settings = context.settings();
        // the seeded positions are refreshed after the warm-up; the measured runs must end within the window
        long planned = settings.wrkDuration().multipliedBy(settings.runs()).toSeconds();
        if (planned > 100) {
            throw new IllegalStateException("the nearby runs would outlast the 2-minute freshness window");
        }
        String prefix = Database.checkedPrefix("nearby-" + BenchmarkContext.randomTag() + "-");
        context.database().execute(String.format(Locale.ROOT, """
                INSERT INTO driver_latest_location (driver_id, recorded_at, received_at, latitude, longitude,
                    accuracy_meters, speed_mps, heading_degrees)
                SELECT '%s' || lpad(g::text, 7, '0'), now(), now(),
                    %f + r * cos(a) / 111.32, %f + r * sin(a) / (111.32 * cos(radians(%f))), 8, 5, 90
                FROM (SELECT g, 15 * sqrt(random()) AS r, 2 * pi() * random() AS a
                      FROM generate_series(0, %d) AS g) AS points""", prefix, CENTRE_LATITUDE, CENTRE_LONGITUDE,
                CENTRE_LATITUDE, settings.nearbyDrivers() - 1));
        context.database().execute("ANALYZE driver_latest_location");
        try {
            Path script = context.workDirectory().resolve("nearby.lua");
            Files.writeString(script, script(settings.nearbyRadiusMeters(), context.logisticsToken()),
                    StandardCharsets.UTF_8);
            long total = context.database().number("SELECT count(*) FROM driver_latest_location");
            return WrkFigures.measure(context, wrk, script, context.stack().query().baseUrl(), "nearby",
                    "nearby drivers", String.format(Locale.ROOT, "%,d fresh positions seeded (%,d latest positions in"
                            + " all; made fresh again after the warm-up), radius %,d m, default limit, random centres"
                            + " within 10 km", settings.nearbyDrivers(), total, settings.nearbyRadiusMeters()),
                    () -> refresh(context, prefix));
        } finally {
            context.database().execute("DELETE FROM driver_latest_location WHERE starts_with(driver_id, '"
                    + prefix + "')");
        }
    }

    /** The seeded positions as of now (a HOT update: the grid cell, the only indexed column, stays). */
    private static void refresh(BenchmarkContext context, String prefix) throws Exception {
        context.database().execute("UPDATE driver_latest_location SET recorded_at = now(), received_at = now()"
                + " WHERE starts_with(driver_id, '" + prefix + "')");
        context.database().execute("VACUUM ANALYZE driver_latest_location");
    }

    static String script(int radiusMeters, String token) {
        return String.format(Locale.ROOT, """
                local headers = {["Authorization"] = "Bearer %s"}
                function init(args)
                  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
                end
                request = function()
                  local lat = %f + (math.random() * 2 - 1) * 0.09
                  local lon = %f + (math.random() * 2 - 1) * 0.09
                  return wrk.format("GET", string.format(
                    "/api/v1/drivers/nearby?lat=%%.6f&lon=%%.6f&radiusMeters=%d", lat, lon), headers)
                end
                """, token, CENTRE_LATITUDE, CENTRE_LONGITUDE, radiusMeters) + Wrk.DONE_FUNCTION;
    }
}
