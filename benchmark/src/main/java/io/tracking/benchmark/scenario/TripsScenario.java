package io.tracking.benchmark.scenario;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import tools.jackson.databind.JsonNode;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.ProcessCpu;
import io.tracking.localstack.Service;
import io.tracking.localstack.ServiceProcess;
import io.tracking.simulator.DriverSimulator;
import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.trips.TripReport;

/**
 * Trip events and ETAs (issue 17) against the truth: the driver simulator's delivery mode, in the benchmark JVM,
 * plays N orders (each driver drives to the pickup, waits 3–8 min, drives to the drop-off, waits; with accuracy
 * 5–40 m, out-of-order, duplicated and jumping fixes, gaps and drive-bys) replayed in the past faster than real
 * time through the ingest service, and reads back what the trip-event service derived. It reports missed, false
 * and repeated events (all must be 0), the detection delay by event time, the pipeline latency, the ETA's error 10,
 * 5 and 2 minutes out, events/s and the engine's CPU per 1,000 pings. One run per mode (a run is minutes long).
 */
final class TripsScenario implements Scenario {

    /**
     * Orders and replay speed per mode: quick replays 500 trips at 30× (about 3,000 pings/s through ingest), full
     * 5,000 at 8× (as much as two cores running the whole stack take), smoke 5 at 400× (its 15 s budget).
     */
    private record Size(int orders, double speedup, int eventsTimeoutSeconds) {
    }

    @Override
    public String name() {
        return "trips";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        Size size = settings.isSmoke() ? new Size(5, 400, 30)
                : settings.isFull() ? new Size(5_000, 8, 600) : new Size(500, 30, 180);
        ServiceProcess engine = context.stack().service(Service.TRIPS);
        long pid = engine.pid().orElseThrow(() -> new IllegalStateException(engine.name() + " is not running"));

        OptionalDouble cpuBefore = ProcessCpu.seconds(pid);
        JsonNode summary = simulate(context, size);
        OptionalDouble cpuAfter = ProcessCpu.seconds(pid);
        TripReport trips = SimulatorJson.newMapper().treeToValue(summary.required("trips"), TripReport.class);
        long pings = summary.required("accepted").asLong();
        context.log().printf(Locale.ROOT, "  %s%n", trips.toText().replace("\n", "\n  "));
        if (pings == 0 || trips.events() == 0) {
            throw new IllegalStateException("no trip event came of the delivery run; see driver-simulator.log");
        }
        if (!trips.passed()) {
            context.note(String.format(Locale.ROOT, "trips: %d missed, %d false, %d repeated arrivals/events%s",
                    trips.missedArrivals(), trips.falseArrivals(), trips.repeatedEvents(),
                    trips.complete() ? "" : "; not every order's events came within the timeout"));
        }

        String method = String.format(Locale.ROOT, "driver-simulator --mode delivery (in the benchmark JVM): %,d "
                + "orders, one driver each, replayed %.0f× faster than real time in the past (achieved %.1f×), "
                + "%,d pings through the ingest batch endpoint; orders published onto the orders topic; events and "
                + "ETAs read back read_committed; one run", size.orders(), size.speedup(), trips.achievedSpeedup(),
                pings);
        String subject = "trip events";
        List<Figure> figures = new ArrayList<>(List.of(
                one("trips.missed", subject, "missed arrivals", "arrivals", trips.missedArrivals(), method),
                one("trips.false", subject, "false arrivals", "arrivals", trips.falseArrivals(), method),
                one("trips.repeated", subject, "repeated events", "events", trips.repeatedEvents(), method),
                one("trips.delay.p50", subject, "detection delay p50 (event time)", "s",
                        trips.detectionDelaySeconds().p50(), method),
                one("trips.delay.p99", subject, "detection delay p99 (event time)", "s",
                        trips.detectionDelaySeconds().p99(), method),
                one("trips.pipeline.p50", subject, "p50 ping sent to event derived", "ms",
                        trips.pipelineLatencyMs().p50(), method),
                one("trips.pipeline.p99", subject, "p99 ping sent to event derived", "ms",
                        trips.pipelineLatencyMs().p99(), method),
                one("trips.events.rate", subject, "events derived", "events/s", trips.eventsPerSecond(), method)));
        for (TripReport.EtaError error : trips.etaErrors()) {
            figures.add(one("trips.eta.mae." + error.minutesBefore() + "m", "ETA",
                    "mean absolute error " + error.minutesBefore() + " min out (n=" + error.samples() + ")", "s",
                    error.meanAbsoluteErrorSeconds(), method));
        }
        if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
            double cpuMsPerThousand = (cpuAfter.getAsDouble() - cpuBefore.getAsDouble()) * 1_000 / (pings / 1_000.0);
            figures.add(one("trips.cpu.per1000", engine.name(), "CPU per 1,000 pings", "CPU-ms", cpuMsPerThousand,
                    method + "; user + system time of the " + engine.name() + " JVM over the whole run"));
        }
        return figures;
    }

    /** Runs the delivery mode and returns its summary JSON, {@code trips} included. */
    private static JsonNode simulate(BenchmarkContext context, Size size) throws Exception {
        Path summary = Files.createTempFile(context.workDirectory(), "trips-summary-", ".json");
        List<String> args = List.of("--mode", "delivery", "--orders-via", "kafka",
                "--orders", Integer.toString(size.orders()), "--speedup", Double.toString(size.speedup()),
                "--ingest-url", context.stack().ingest().baseUrl(),
                "--query-url", context.stack().query().baseUrl(),
                "--bootstrap-servers", context.bootstrapServers(), "--jwt-secret", context.stack().jwtSecret(),
                "--concurrency", "32", "--events-timeout-seconds", Integer.toString(size.eventsTimeoutSeconds()),
                "--driver-prefix", "trips-" + BenchmarkContext.randomTag() + "-",
                "--ground-truth", context.workDirectory().resolve("trips-truth.json").toString(),
                "--no-progress", "--summary-json", summary.toString());
        int exit;
        Path logFile = context.workDirectory().resolve("driver-simulator.log");
        try (PrintStream log = new PrintStream(new FileOutputStream(logFile.toFile(), true), true,
                StandardCharsets.UTF_8)) {
            log.println("$ driver-simulator " + String.join(" ", args));
            exit = DriverSimulator.run(args.toArray(String[]::new), log, log);
        }
        if (exit == DriverSimulator.EXIT_USAGE || Files.size(summary) == 0) {
            throw new IllegalStateException("driver-simulator --mode delivery failed (exit " + exit + "); see "
                    + logFile);
        }
        return SimulatorJson.newMapper().readTree(summary.toFile());
    }

    private static Figure one(String key, String subject, String measure, String unit, double value, String method) {
        return Figure.of(key, subject, measure, unit, List.of(value), method);
    }
}
