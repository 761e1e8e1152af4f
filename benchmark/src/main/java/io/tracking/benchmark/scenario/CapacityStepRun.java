package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.tracking.benchmark.tool.ConstantRateLoad;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.report.RunSummary;

/**
 * One step of the capacity ramp: a fleet of drivers, each sending a ping every {@link CapacityRamp#PING_INTERVAL}
 * (the driver simulator's open model, for the step's hold), with everything the fleet's customers do meanwhile: the
 * orders' tracking streams held open ({@link CapacityOrders}), position reads of the polled drivers at a constant
 * rate (an open loop, {@link ConstantRateLoad}, latency from each read's due time) and freshness probes
 * ({@link CapacityProbes}). Afterwards, once the batch writer caught up, the fleet's rows in {@code location_history}
 * are counted against the pings the simulator saw acknowledged.
 *
 * <p>Over WebSocket the fleet is connected before the step is measured (the simulator's {@code --connect-first}): a
 * step measures the fleet it holds, not tens of thousands of apps arriving within the same four seconds, which is a
 * reconnect storm and a question of its own (the fault suite restarts the ingest service under a connected fleet).
 * The measuring starts when the ingest service counts the fleet's connections.
 */
final class CapacityStepRun {

    /** The simulator's request timeout: a ping unanswered for this long fails (and breaks the step). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Beyond the hold, how long the simulator may take: connecting, its last answers, closing the connections. */
    private static final Duration SIMULATOR_MARGIN = Duration.ofSeconds(60);
    private static final Duration WRITER_CATCH_UP = Duration.ofMinutes(2);
    /** How long the connection count may stand still before the step goes on with the connections it has. */
    private static final Duration CONNECTING_STALL = REQUEST_TIMEOUT.multipliedBy(2);
    private static final int POLL_CONNECTIONS = 16;
    /**
     * Connections one client address opens towards the ingest service's port: fewer than the ~28,000 local ports of
     * the default {@code ip_local_port_range}, which the other clients of the run share.
     */
    static final int PORTS_PER_ADDRESS = 25_000;

    private CapacityStepRun() {
    }

    static CapacityStep measure(BenchmarkContext context, CapacityRamp ramp, CapacityTransport transport,
            int drivers) throws Exception {
        String tag = BenchmarkContext.randomTag();
        String prefix = "capacity-" + transport.key() + "-" + tag + "-";
        List<String> ordered = new ArrayList<>();
        for (int i = 0; i < CapacityRamp.orders(drivers); i++) {
            ordered.add(Fleet.driverId(prefix, i * CapacityRamp.DRIVERS_PER_ORDER, drivers));
        }
        List<String> polled = new ArrayList<>();
        for (int i = 0; i < CapacityRamp.polled(drivers); i++) {
            polled.add(Fleet.driverId(prefix, i * CapacityRamp.DRIVERS_PER_POLLED, drivers));
        }
        try (CapacityOrders orders = CapacityOrders.open(context, tag, ordered)) {
            long connecting = System.nanoTime();
            CompletableFuture<RunSummary> fleet = startFleet(context, ramp, transport, drivers, prefix);
            if (transport.streaming()) {
                double open = awaitConnected(context, drivers, fleet);
                context.log().printf(Locale.ROOT, "  %s, %,d drivers: %,.0f connections open after %.1f s%n",
                        transport.key(), drivers, open, (System.nanoTime() - connecting) / 1e9);
            }
            Map<CapacityComponent, Double> cpuBefore = CapacityComponent.cpuSeconds(context.stack());
            CapacityMachineCpu machineBefore = CapacityMachineCpu.read();
            long started = System.nanoTime();
            Duration polling = ramp.hold().minus(ramp.pollDelay());
            int probeCount = (int) Math.max(1, polling.toMillis() / ramp.probeSpacing().toMillis());
            CapacityProbes probes = CapacityProbes.start(context, tag, probeCount, ramp.pollDelay(),
                    ramp.probeSpacing());
            LockSupport.parkNanos(ramp.pollDelay().toNanos());
            ConstantRateLoad.Result reads = new ConstantRateLoad(context.stack().query().baseUrl(),
                    Map.of("Authorization", "Bearer " + context.logisticsToken()))
                    .run(i -> "/api/v1/drivers/" + polled.get((int) (i % polled.size())) + "/location",
                            polled.size() / (double) CapacityRamp.POLL_INTERVAL.toSeconds(), polling,
                            POLL_CONNECTIONS, REQUEST_TIMEOUT);
            CapacityProbes.Result freshness = probes.finish(context);
            RunSummary summary = finish(fleet, ramp.hold().plus(SIMULATOR_MARGIN));
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<CapacityComponent, Double> cores = CapacityComponent.cores(cpuBefore,
                    CapacityComponent.cpuSeconds(context.stack()), seconds);
            double machineCores = CapacityMachineCpu.read().coresSince(machineBefore,
                    Runtime.getRuntime().availableProcessors());
            long events = orders.events();
            context.awaitWriterCaughtUp(WRITER_CATCH_UP);
            long rows = context.database().number(
                    "SELECT count(*) FROM location_history WHERE starts_with(driver_id, ?)", prefix);
            if (reads.statusErrors() + reads.socketErrors() > 0) {
                context.log().printf(Locale.ROOT, "  %d of %d position reads failed or answered an error%n",
                        reads.statusErrors() + reads.socketErrors(), reads.scheduled());
            }
            return new CapacityStep(transport, drivers, summary.accepted() / summary.elapsedSeconds(),
                    summary.latencyMs().p99(), summary.errors() + summary.rejected(),
                    Math.max(0, summary.accepted() - rows), freshness.p99Ms(), freshness.failed(),
                    reads.completed() == 0 ? Double.NaN : reads.latencyMs(99), reads.completed(), orders.streams(),
                    events, cores, CapacityComponent.peakRssMiB(context.stack()), machineCores);
        }
    }

    /**
     * Waits until the ingest service holds the fleet's connections, the simulator ended, or the count stood still for
     * {@link #CONNECTING_STALL} (connections that failed are opened again by their drivers' first pings, and the step
     * then likely breaks on its ack latency); returns the connections open.
     */
    private static double awaitConnected(BenchmarkContext context, int drivers, CompletableFuture<RunSummary> fleet)
            throws Exception {
        double open = WsIngestScenario.openStreams(context);
        long lastGrowth = System.nanoTime();
        while (open < drivers && !fleet.isDone() && System.nanoTime() - lastGrowth < CONNECTING_STALL.toNanos()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            double now = WsIngestScenario.openStreams(context);
            if (now > open) {
                lastGrowth = System.nanoTime();
            }
            open = now;
        }
        return open;
    }

    /** Starts the fleet on a thread of its own (the simulator runs as a library, blocking until its run ends). */
    private static CompletableFuture<RunSummary> startFleet(BenchmarkContext context, CapacityRamp ramp,
            CapacityTransport transport, int drivers, String prefix) {
        List<String> options = new ArrayList<>(List.of("--mode", transport.simulatorMode(),
                "--ingest-url", ingestUrl(context, transport), "--jwt-secret", context.stack().jwtSecret(),
                "--drivers", Integer.toString(drivers),
                "--interval-seconds", Long.toString(CapacityRamp.PING_INTERVAL.toSeconds()),
                "--duration-seconds", Double.toString(ramp.hold().toMillis() / 1e3),
                "--request-timeout-seconds", Long.toString(REQUEST_TIMEOUT.toSeconds()),
                "--concurrency", Integer.toString(concurrency(transport, drivers)), "--driver-prefix", prefix));
        if (transport.streaming()) {
            options.add("--connect-first");
            if (drivers > PORTS_PER_ADDRESS) {
                options.addAll(List.of("--ws-source-addresses", sourceAddresses(drivers)));
            }
        }
        CompletableFuture<RunSummary> run = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                run.complete(context.simulator().run(options));
            } catch (Exception | Error e) {
                run.completeExceptionally(e);
            }
        }, "capacity-fleet");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /** Where the drivers of {@code transport} connect: the ingest service's API port, or its Netty listener. */
    private static String ingestUrl(BenchmarkContext context, CapacityTransport transport) {
        return transport == CapacityTransport.WEBSOCKET_NETTY
                ? context.stack().ingestStreamUrl().orElseThrow(() -> new IllegalStateException("no Netty listener"))
                : context.stack().ingest().baseUrl();
    }

    /**
     * Pings in flight at most. WebSocket: one per driver (a driver's next ping is due seconds later), within the
     * simulator's bound of 10,000. HTTP: one blocking thread per request in flight, so enough for the fleet's rate
     * at a slow answer (a 40th of the drivers: 100 ms at a ping per 4 s), within 64 to 1,024 threads.
     */
    static int concurrency(CapacityTransport transport, int drivers) {
        return transport.streaming() ? Math.min(drivers, 10_000)
                : Math.min(1_024, Math.max(64, drivers / 40));
    }

    /**
     * Loopback addresses for the simulator to bind its WebSocket connections to in turn, {@value #PORTS_PER_ADDRESS}
     * connections each: {@code 127.0.0.1,127.0.0.2,...} (all of {@code 127/8} is the loopback on Linux).
     */
    static String sourceAddresses(int drivers) {
        int addresses = (drivers + PORTS_PER_ADDRESS - 1) / PORTS_PER_ADDRESS;
        List<String> list = new ArrayList<>();
        for (int i = 1; i <= addresses; i++) {
            list.add("127.0.0." + i);
        }
        return String.join(",", list);
    }

    private static RunSummary finish(CompletableFuture<RunSummary> fleet, Duration limit) throws Exception {
        try {
            return fleet.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException(String.format(Locale.ROOT, "the fleet (driver-simulator) did not end within"
                    + " %d s of its start; see driver-simulator.log", limit.toSeconds()));
        }
    }
}
