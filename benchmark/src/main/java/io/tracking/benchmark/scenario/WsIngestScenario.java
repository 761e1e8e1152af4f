package io.tracking.benchmark.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.Database;
import io.tracking.benchmark.tool.ProcessCpu;
import io.tracking.benchmark.tool.WsFleetLoad;
import io.tracking.benchmark.tool.WsFleetLoad.Step;
import io.tracking.benchmark.tool.WsLiveHeap;
import io.tracking.simulator.fleet.Ping;

/**
 * The WebSocket ingest ({@code GET /api/v1/locations/stream}) with one connection per driver, through the driver
 * simulator's ws client in this JVM ({@link WsFleetLoad}).
 *
 * <p><b>Heap per idle connection</b>, each run: the ingest service's live heap ({@link WsLiveHeap}: a full GC, then
 * the bytes still reachable) with no stream open; then {@link Sizes#drivers} drivers connect, each with its own token,
 * and send one ping each (answered: the connection is registered and has been used once); the live heap again. The
 * difference divided by the connections is what the service keeps per idle connection: Tomcat's socket and frame
 * buffers, the WebSocket session, the stream's own bookkeeping.
 *
 * <p><b>Throughput</b>, on the last run's connections: an open loop at a fixed rate, round-robin over the drivers.
 * After an untimed warm-up run at {@link #FIRST_RATE} (compiling the frame path), a ramp of short steps (the rate
 * doubling from {@link #FIRST_RATE}, then one step halfway between the last that held and the first that did not)
 * finds the highest rate at which every ping is acknowledged with a p99 under {@link #P99_LIMIT_MS} ms. Then the
 * measured runs at that rate: pings
 * acknowledged per second, latency from each ping's due time to its answer (a 202 only after Kafka acknowledged),
 * errors, and the ingest service's CPU time per ping. Afterwards, once the batch writer caught up, every acknowledged
 * ping of the scenario (connecting, ramp and runs) is looked up in {@code location_history}: lost = acknowledged but
 * not stored.
 */
final class WsIngestScenario implements Scenario {

    static final double FIRST_RATE = 1_000;
    static final double MAX_RATE = 64_000;
    static final double P99_LIMIT_MS = 50;
    /** Connections being opened at once: enough to open thousands a second, few enough for Tomcat's accept queue. */
    private static final int OPENING = 200;
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STREAMS_CLOSED_LIMIT = Duration.ofSeconds(30);
    private static final Duration WRITER_LIMIT = Duration.ofSeconds(120);
    private static final Pattern GAUGE_VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

    /**
     * Sizes of one mode.
     *
     * @param drivers connections (one per driver) of each run
     * @param rampStep length of one ramp step
     * @param rampSteps most ramp steps (the smoke mode keeps to its time budget)
     * @param run length of one measured run
     */
    record Sizes(int drivers, Duration rampStep, int rampSteps, Duration run) {

        static Sizes of(BenchmarkSettings settings) {
            if (settings.isSmoke()) {
                return new Sizes(200, Duration.ofSeconds(1), 2, Duration.ofSeconds(1));
            }
            return settings.isFull() ? new Sizes(10_000, Duration.ofSeconds(3), 8, Duration.ofSeconds(10))
                    : new Sizes(2_000, Duration.ofSeconds(2), 8, Duration.ofSeconds(4));
        }
    }

    @Override
    public String name() {
        return "ws-ingest";
    }

    /**
     * A WebSocket listener of the ingest service, measured alike: Tomcat's on the API port, and Netty's beside it
     * ({@code tracking.ingest.stream.netty.port}) when the stack started one.
     *
     * @param name for the table
     * @param id the figures' id segment
     * @param url the listener's base URL
     */
    record Transport(String name, String id, URI url) {
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (Transport transport : transports(context)) {
            context.log().printf(Locale.ROOT, "  -- over %s (%s)%n", transport.name(), transport.url());
            figures.addAll(run(context, transport));
        }
        return figures;
    }

    private static List<Transport> transports(BenchmarkContext context) {
        List<Transport> transports = new ArrayList<>();
        transports.add(new Transport("Tomcat", "ws", URI.create(context.stack().ingest().baseUrl())));
        context.stack().ingestStreamUrl().map(URI::create).ifPresent(url -> {
            if (listening(url)) {
                transports.add(new Transport("Netty", "ws-netty", url));
            } else {
                context.note("ws ingest: the ingest service has no Netty listener on " + url + "; Tomcat's only");
            }
        });
        return transports;
    }

    private static boolean listening(URI url) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<Figure> run(BenchmarkContext context, Transport transport) throws Exception {
        BenchmarkSettings settings = context.settings();
        Sizes sizes = Sizes.of(settings);
        long pid = context.stack().ingest().pid()
                .orElseThrow(() -> new IllegalStateException("the ingest service's pid is unknown"));
        if (settings.isSmoke()) {
            context.primeIngest();
        }
        String tag = transport.id() + "-" + BenchmarkContext.randomTag() + "-";
        List<Ping> acknowledged = new ArrayList<>();
        if (!settings.isSmoke()) {
            // As many connections as are opened at once, then closed: class loading and the pools that grow with
            // concurrent upgrades (Tomcat's cached request processors, the producer's buffers) are paid for before
            // the first baseline, and only what each open connection keeps is measured.
            try (WsFleetLoad warmUp = fleet(context, transport, tag + "w-", OPENING)) {
                warmUp.connect(OPENING);
                acknowledged.addAll(warmUp.acknowledged());
            }
        }

        List<Double> heapPerConnection = new ArrayList<>();
        WsFleetLoad load = connectMeasured(context, transport, tag + "1-", sizes, pid, 1, heapPerConnection);
        for (int run = 2; run <= settings.runs(); run++) {
            acknowledged.addAll(load.acknowledged());
            load.close();
            load = connectMeasured(context, transport, tag + run + "-", sizes, pid, run, heapPerConnection);
        }
        Throughput throughput;
        try (WsFleetLoad last = load) {
            throughput = throughput(context, last, sizes, pid);
            acknowledged.addAll(last.acknowledged());
        }
        long lost = lost(context, tag, acknowledged);
        return figures(context, transport, sizes, heapPerConnection, throughput, lost, acknowledged.size());
    }

    /**
     * One heap run: once the service holds no stream, its live heap; then a fleet connects (each driver's first
     * ping opens its connection); the live heap again, divided by the connections the service holds (at least 90 %
     * of the fleet, else the run fails). Adds the KiB per connection to {@code heapPerConnection} and returns the
     * fleet, still connected.
     */
    private static WsFleetLoad connectMeasured(BenchmarkContext context, Transport transport, String prefix,
            Sizes sizes, long pid, int run, List<Double> heapPerConnection) throws Exception {
        awaitStreamsClosed(context);
        long before = WsLiveHeap.bytes(pid);
        WsFleetLoad load = fleet(context, transport, prefix, sizes.drivers());
        try {
            Step connected = load.connect(OPENING);
            long after = WsLiveHeap.bytes(pid);
            // the service's own count: a driver whose upgrade did not make it within the timeout holds nothing there
            long open = Math.round(openStreams(context));
            if (open < sizes.drivers() * 9L / 10) {
                throw new IllegalStateException(String.format(Locale.ROOT, "only %d of %d drivers connected (first "
                        + "pings: %s)", open, sizes.drivers(), connected.errors()));
            }
            double kib = (after - before) / 1024.0 / open;
            heapPerConnection.add(kib);
            context.log().printf(Locale.ROOT, "  run %d: %,d of %,d connections open after %.1f s (first pings: %d "
                    + "acknowledged, errors %s), live heap %.1f -> %.1f MiB: %.1f KiB per connection%n", run, open,
                    sizes.drivers(), connected.seconds(), connected.accepted(), connected.errors(),
                    before / 1048576.0, after / 1048576.0, kib);
            return load;
        } catch (Exception | Error e) {
            load.close();
            throw e;
        }
    }

    private static WsFleetLoad fleet(BenchmarkContext context, Transport transport, String prefix, int drivers) {
        return WsFleetLoad.create(transport.url(), context.stack().jwtSecret(), prefix, drivers, PING_TIMEOUT,
                context.log());
    }

    /**
     * What the measured runs gave.
     *
     * @param rate the rate the ramp found, at which the runs sent
     * @param held whether the ramp found a rate that held (else {@code rate} is the first step's, which did not)
     * @param runs each measured run
     * @param cpuMicrosPerPing the ingest service's CPU per acknowledged ping, each run
     * @param reconnects reconnects over the ramp and the runs
     */
    record Throughput(double rate, boolean held, List<Step> runs, List<Double> cpuMicrosPerPing, long reconnects) {
    }

    private Throughput throughput(BenchmarkContext context, WsFleetLoad load, Sizes sizes, long pid)
            throws Exception {
        long reconnectsBefore = load.reconnects();
        if (!context.settings().isSmoke()) {
            // untimed: the service's frame path is compiled before the ramp judges a step by its p99, else the
            // first step's compilation pauses alone fail it and the ramp never climbs
            Step warm = load.run(FIRST_RATE, sizes.run());
            context.log().printf(Locale.ROOT, "  warm-up %.0f pings/s: p50 %.1f ms, p99 %.1f ms (not counted)%n",
                    FIRST_RATE, warm.latency().p50(), warm.latency().p99());
        }
        Ramp ramp = new Ramp(context, load, sizes);
        double held = 0;
        double failed = 0;
        for (double rate = FIRST_RATE; rate <= MAX_RATE && ramp.canStep(); rate *= 2) {
            if (!ramp.holds(rate)) {
                failed = rate;
                break;
            }
            held = rate;
        }
        if (held > 0 && failed > 0 && ramp.canStep()) {
            double between = Math.round((held + failed) / 200) * 100.0;
            if (ramp.holds(between)) {
                held = between;
            }
        }
        double rate = held > 0 ? held : FIRST_RATE;
        if (held == 0) {
            context.note(String.format(Locale.ROOT, "ws ingest: even %.0f pings/s was not acknowledged within a p99 "
                    + "of %.0f ms; the runs were measured at that rate anyway", FIRST_RATE, P99_LIMIT_MS));
        }
        List<Step> runs = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int run = 1; run <= context.settings().runs(); run++) {
            double cpuBefore = ProcessCpu.seconds(pid).orElse(Double.NaN);
            Step result = load.run(rate, sizes.run());
            double cpuSeconds = ProcessCpu.seconds(pid).orElse(Double.NaN) - cpuBefore;
            double micros = cpuSeconds * 1e6 / Math.max(1, result.accepted());
            runs.add(result);
            cpu.add(micros);
            context.log().printf(Locale.ROOT, "  run %d at %.0f pings/s: %.0f acknowledged/s, p50 %.1f ms, p99 %.1f "
                    + "ms, %d errors %s, ingest CPU %.0f µs per ping%n", run, rate, result.acceptedPerSecond(),
                    result.latency().p50(), result.latency().p99(), result.failed(), result.errors(), micros);
        }
        return new Throughput(rate, held > 0, runs, cpu, load.reconnects() - reconnectsBefore);
    }

    /** The ramp's steps, at most {@link Sizes#rampSteps} of them. */
    private static final class Ramp {

        private final BenchmarkContext context;
        private final WsFleetLoad load;
        private final Sizes sizes;
        private int steps;

        Ramp(BenchmarkContext context, WsFleetLoad load, Sizes sizes) {
            this.context = context;
            this.load = load;
            this.sizes = sizes;
        }

        boolean canStep() {
            return steps < sizes.rampSteps();
        }

        /** Runs one step at {@code rate}; whether it held. */
        boolean holds(double rate) throws InterruptedException, TimeoutException {
            steps++;
            Step step = load.run(rate, sizes.rampStep());
            boolean holds = WsIngestScenario.holds(step);
            context.log().printf(Locale.ROOT, "  ramp %.0f pings/s: %.0f acknowledged/s, p50 %.1f ms, p99 %.1f ms, "
                    + "%d errors%s -> %s%n", rate, step.acceptedPerSecond(), step.latency().p50(),
                    step.latency().p99(), step.failed(), step.cutShort() ? ", cut short" : "",
                    holds ? "holds" : "too much");
            return holds;
        }
    }

    /** A step holds when every ping was acknowledged at the rate asked, with a p99 under the limit. */
    static boolean holds(Step step) {
        return !step.cutShort() && step.failed() == 0 && step.latency().p99() < P99_LIMIT_MS
                && step.acceptedPerSecond() >= 0.95 * step.targetRate();
    }

    /**
     * Waits until the ingest service holds no stream connection (those of the previous run are closed), so that
     * the next baseline is taken without them; bounded.
     */
    private static void awaitStreamsClosed(BenchmarkContext context) throws Exception {
        long deadline = System.nanoTime() + STREAMS_CLOSED_LIMIT.toNanos();
        double open;
        while ((open = openStreams(context)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(String.format(Locale.ROOT, "the ingest service still held %.0f stream "
                        + "connections %d s after the client closed them", open, STREAMS_CLOSED_LIMIT.toSeconds()));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** The stream connections the ingest service holds now (its gauge, on both transports). */
    static double openStreams(BenchmarkContext context) throws Exception {
        // the management port asks for no token; the helper sends one anyway
        HttpResponse<String> response = context.http().get(context.stack().ingest().actuatorUrl()
                + "/metrics/tracking.ingest.stream.connections", context.logisticsToken());
        Matcher value = GAUGE_VALUE.matcher(response.body());
        if (response.statusCode() != 200 || !value.find()) {
            throw new IllegalStateException("the ingest service's stream connection gauge answered "
                    + response.statusCode());
        }
        return Double.parseDouble(value.group(1));
    }

    /**
     * Acknowledged pings missing from {@code location_history} once the writer caught up: each is looked up by
     * driver and {@code recordedAt} (the writer stores a repeat once, so counting rows would not do).
     */
    private static long lost(BenchmarkContext context, String tag, List<Ping> acknowledged) throws Exception {
        context.awaitWriterCaughtUp(WRITER_LIMIT);
        Set<String> stored = new HashSet<>();
        try (Connection connection = context.database().open();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT driver_id, recorded_at FROM location_history WHERE starts_with(driver_id, ?)")) {
            select.setString(1, Database.checkedPrefix(tag));
            select.setFetchSize(10_000);
            connection.setAutoCommit(false);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(key(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant().toString()));
                }
            }
        }
        return acknowledged.stream().filter(ping -> !stored.contains(key(ping.driverId(),
                ping.recordedAt().toString()))).count();
    }

    private static String key(String driverId, String recordedAt) {
        return driverId + '|' + recordedAt;
    }

    private static List<Figure> figures(BenchmarkContext context, Transport transport, Sizes sizes,
            List<Double> heapPerConnection, Throughput throughput, long lost, long acknowledged) {
        List<Step> runs = throughput.runs();
        long errors = runs.stream().mapToLong(Step::failed).sum();
        if (errors > 0) {
            context.note("ws ingest over " + transport.name() + ": " + errors + " pings of the measured runs were "
                    + "not acknowledged");
        }
        if (lost > 0) {
            context.note("ws ingest over " + transport.name() + ": " + lost + " acknowledged pings are missing from "
                    + "location_history");
        }
        String subject = String.format(Locale.ROOT, "ingest WebSocket (%s), %,d connections", transport.name(),
                sizes.drivers());
        String heapMethod = String.format(Locale.ROOT, "the ingest service's live heap (jcmd GC.class_histogram: "
                + "full GC, bytes reachable) before and after %,d drivers connected (own token each) and sent one "
                + "ping each, divided by the connections; target <= 20 KiB", sizes.drivers());
        String method = String.format(Locale.ROOT, "driver-simulator ws client (Netty) in the benchmark JVM, %,d "
                + "connections; open loop at %.0f pings/s round-robin over them (%s), %d s per run; latency from each "
                + "ping's due time to its answer (202 after Kafka acknowledged); CPU: the ingest JVM's user+system "
                + "time per acknowledged ping; reconnects over the ramp and the runs; lost: %,d of %,d acknowledged "
                + "pings of the scenario missing from location_history once the writer caught up; target 30,000 "
                + "pings/s with 10,000 "
                + "connections at p99 < 50 ms", sizes.drivers(), throughput.rate(),
                throughput.held() ? "the highest rate of a doubling ramp whose steps all held p99 < "
                        + (int) P99_LIMIT_MS + " ms without errors" : "no ramp step held p99 < "
                        + (int) P99_LIMIT_MS + " ms", sizes.run().toSeconds(), lost,
                acknowledged);
        String id = "ingest." + transport.id() + ".";
        return List.of(
                Figure.of(id + "heap", subject, "heap per idle connection", "KiB", heapPerConnection,
                        heapMethod),
                Figure.of(id + "rate", subject, "throughput", "pings/s",
                        runs.stream().map(Step::acceptedPerSecond).toList(), method),
                Figure.of(id + "p50", subject, "p50 latency", "ms",
                        runs.stream().map(step -> step.latency().p50()).toList(), method),
                Figure.of(id + "p99", subject, "p99 latency", "ms",
                        runs.stream().map(step -> step.latency().p99()).toList(), method),
                Figure.of(id + "cpu", subject, "ingest CPU per ping", "µs", throughput.cpuMicrosPerPing(),
                        method),
                Figure.of(id + "errors", subject, "errors", "pings",
                        runs.stream().map(step -> (double) step.failed()).toList(), method),
                Figure.of(id + "reconnects", subject, "reconnects", "connections",
                        List.of((double) throughput.reconnects()), method),
                Figure.of(id + "lost", subject, "lost pings", "pings", List.of((double) lost), method));
    }
}
