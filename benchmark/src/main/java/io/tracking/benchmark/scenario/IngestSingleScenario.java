package io.tracking.benchmark.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.Wrk;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.report.RunSummary;

/**
 * Single-ping requests per second and latency of {@code POST /api/v1/locations}.
 *
 * <p>With wrk: a fixed number of connections, each sending its next ping as soon as the 202 (Kafka acknowledged)
 * arrived; every ping comes from one of {@link BenchmarkSettings#singleDrivers()} drivers with its own token, as
 * phones would send them. wrk is C with epoll and costs a fraction of a core, which leaves the most CPU to the
 * service on a shared machine. Without wrk: the simulator's closed model ({@code http-single}), in this JVM.
 */
final class IngestSingleScenario implements Scenario {

    @Override
    public String name() {
        return "ingest-single";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        if (context.settings().isSmoke()) {
            context.primeIngest();
        }
        return context.wrk().isPresent() ? withWrk(context, context.wrk().get()) : withSimulator(context);
    }

    private List<Figure> withWrk(BenchmarkContext context, Wrk wrk) throws Exception {
        BenchmarkSettings settings = context.settings();
        String prefix = "single-" + BenchmarkContext.randomTag() + "-";
        List<String> drivers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < settings.singleDrivers(); i++) {
            String driverId = Fleet.driverId(prefix, i, settings.singleDrivers());
            drivers.add(driverId);
            tokens.add(context.driverToken(driverId));
        }
        Path script = context.workDirectory().resolve("ingest-single.lua");
        Files.writeString(script, script(drivers, tokens, settings.wrkThreads()), StandardCharsets.UTF_8);
        return WrkFigures.measure(context, wrk, script, context.stack().ingest().baseUrl(), "ingest.single",
                "ingest single ping", String.format(Locale.ROOT, "%,d drivers, each with its own token, one ping per "
                        + "request; 202 = Kafka acknowledged (acks=all)", settings.singleDrivers()));
    }

    private List<Figure> withSimulator(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        long pings = settings.isSmoke() ? settings.batchPings() / 20 : Math.max(10_000, settings.batchPings() / 5);
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int run = 1; run <= settings.runs(); run++) {
            RunSummary summary = context.simulator().run(List.of("--mode", "http-single",
                    "--ingest-url", context.stack().ingest().baseUrl(), "--jwt-secret", context.stack().jwtSecret(),
                    "--drivers", Integer.toString(settings.singleDrivers()), "--total-pings", Long.toString(pings),
                    "--concurrency", Integer.toString(settings.wrkConnections()),
                    "--driver-prefix", "single-" + BenchmarkContext.randomTag() + "-"));
            if (summary.accepted() == 0) {
                throw new IllegalStateException("no single ping of run " + run + " was accepted (errors "
                        + summary.errorsByKind() + "); see driver-simulator.log");
            }
            double rate = summary.accepted() / summary.elapsedSeconds();
            rates.add(rate);
            p50.add(summary.latencyMs().p50());
            p99.add(summary.latencyMs().p99());
            context.log().printf(Locale.ROOT, "  run %d (Java generator): %.0f req/s, p50 %.1f ms, p99 %.1f ms, "
                    + "%d errors%n", run, rate, summary.latencyMs().p50(), summary.latencyMs().p99(),
                    summary.errors());
        }
        String method = String.format(Locale.ROOT, "measured by the Java generator, not wrk (%s): "
                + "driver-simulator http-single in the benchmark JVM (closed model, java.net.http), %d in flight, %d "
                + "pings per run from %,d drivers; it shares the cores with the service and costs more CPU than wrk",
                context.noWrkReason(), settings.wrkConnections(), pings, settings.singleDrivers());
        String subject = "ingest single ping (Java generator)";
        return List.of(
                Figure.of("ingest.single.rate", subject, "throughput", "req/s", rates, method),
                Figure.of("ingest.single.p50", subject, "p50 latency", "ms", p50, method),
                Figure.of("ingest.single.p99", subject, "p99 latency", "ms", p99, method));
    }

    /**
     * The Lua script: each wrk thread takes its own share of the drivers round-robin; a driver's fixes carry the
     * current second and a per-driver millisecond counter, so they are distinct and never in the future.
     */
    static String script(List<String> drivers, List<String> tokens, int threads) {
        StringBuilder lua = new StringBuilder();
        lua.append("thread_count = ").append(threads).append('\n');
        lua.append("local drivers = {\n");
        for (int i = 0; i < drivers.size(); i++) {
            lua.append("  {\"").append(drivers.get(i)).append("\", \"").append(tokens.get(i)).append("\"},\n");
        }
        lua.append("}\n");
        lua.append("""
                local created = 0
                function setup(thread)
                  thread:set("id", created)
                  created = created + 1
                end
                function init(args)
                  math.randomseed(os.time() + (id or 0) * 7919)
                  mine = {}
                  for i = 1, #drivers do
                    if (i - 1) % thread_count == (id or 0) % thread_count then
                      mine[#mine + 1] = drivers[i]
                    end
                  end
                  if #mine == 0 then mine = drivers end
                  sent = 0
                  second = -1
                  stamp = ""
                end
                request = function()
                  local now = os.time()
                  if now ~= second then
                    second = now
                    stamp = os.date("!%Y-%m-%dT%H:%M:%S", now)
                  end
                  local index = sent % #mine
                  local millis = math.floor(sent / #mine) % 1000
                  sent = sent + 1
                  local driver = mine[index + 1]
                  local body = string.format('{"driverId":"%s","latitude":%.6f,"longitude":%.6f,' ..
                    '"recordedAt":"%s.%03dZ","accuracyMeters":8.0,"speedMps":7.5,"headingDegrees":90.0}',
                    driver[1], 12.9716 + (math.random() - 0.5) * 0.2, 77.5946 + (math.random() - 0.5) * 0.2,
                    stamp, millis)
                  return wrk.format("POST", "/api/v1/locations",
                    {["Authorization"] = "Bearer " .. driver[2], ["Content-Type"] = "application/json"}, body)
                end
                """);
        lua.append(Wrk.DONE_FUNCTION);
        return lua.toString();
    }
}
