package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

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

    /** Without wrk: the offered rate of the Java generator's open loop (see {@link QueryLatestScenario}). */
    static final double JAVA_RATE = 500;
    static final double JAVA_RATE_SMOKE = 20;

    @Override
    public String name() {
        return "nearby";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        Wrk wrk = context.wrk().orElse(null);
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
            long total = context.database().number("SELECT count(*) FROM driver_latest_location");
            String what = String.format(Locale.ROOT, "%,d fresh positions seeded (%,d latest positions in all; made "
                    + "fresh again %s), radius %,d m, default limit, random centres within 10 km",
                    settings.nearbyDrivers(), total,
                    settings.warmup().isZero() ? "before the measured runs" : "after the warm-up",
                    settings.nearbyRadiusMeters());
            if (wrk == null) {
                double rate = settings.isSmoke() ? JAVA_RATE_SMOKE : JAVA_RATE;
                SplittableRandom random = new SplittableRandom();
                return JavaLoadFigures.measure(context, request -> path(random, settings.nearbyRadiusMeters()),
                        context.stack().query().baseUrl(), context.logisticsToken(), rate, "nearby",
                        "nearby drivers", what, () -> refresh(context, prefix));
            }
            Path script = context.workDirectory().resolve("nearby.lua");
            Files.writeString(script, script(settings.nearbyRadiusMeters(), context.logisticsToken()),
                    StandardCharsets.UTF_8);
            return WrkFigures.measure(context, wrk, script, context.stack().query().baseUrl(), "nearby",
                    "nearby drivers", what, () -> refresh(context, prefix));
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

    /** The request the Lua script sends: a random centre within 0.09° (about 10 km) of the city's. */
    static String path(SplittableRandom random, int radiusMeters) {
        double lat = CENTRE_LATITUDE + (random.nextDouble() * 2 - 1) * 0.09;
        double lon = CENTRE_LONGITUDE + (random.nextDouble() * 2 - 1) * 0.09;
        return String.format(Locale.ROOT, "/api/v1/drivers/nearby?lat=%.6f&lon=%.6f&radiusMeters=%d", lat, lon,
                radiusMeters);
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
