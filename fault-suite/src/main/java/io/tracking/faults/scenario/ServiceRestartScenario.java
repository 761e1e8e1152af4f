package io.tracking.faults.scenario;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.tracking.faults.load.Connections;
import io.tracking.faults.load.PingAttempt;
import io.tracking.faults.load.Transport;
import io.tracking.localstack.ServiceProcess;

/**
 * The ingest service and then the query service are stopped gracefully (SIGTERM) and started again during load, as
 * a rolling deployment does. Pings refused while the ingest service is down are the client's errors, not losses;
 * every ping it answered 202, also those in flight when SIGTERM came, must be stored.
 *
 * <p>Over WebSocket the shutdown answers the frames it already read and then closes every connection with 1001; each
 * driver connects again and resends what the closed connection left unanswered, which the writer stores once. So
 * every driver must have reconnected, and nothing may be stored twice.
 */
final class ServiceRestartScenario implements Scenario {

    static final String NAME = "service-restarts";

    private final Transport transport;
    private long ingestStopNanos;
    private long ingestReadyNanos;

    ServiceRestartScenario(Transport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return transport.scenarioName(NAME);
    }

    @Override
    public String description() {
        return "ingest and query services stopped gracefully and restarted during load over " + transport.label()
                + (transport == Transport.WS ? "; every connection dropped, drivers reconnect and resend" : "");
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        ServiceProcess ingest = context.stack().ingest();
        ServiceProcess query = context.stack().query();
        context.hold(Duration.ofSeconds(3));
        ingestStopNanos = context.mark("ingest SIGTERM");
        ingest.stop();
        long stopped = context.mark("ingest stopped");
        ingest.start();
        ingestReadyNanos = context.mark("ingest ready again");
        context.hold(Duration.ofSeconds(5));
        long queryStop = context.mark("query SIGTERM");
        query.stop();
        query.start();
        long queryReady = context.mark("query ready again");
        context.note("ingest stop took " + ScenarioContext.seconds(ingestStopNanos, stopped) + "s, down "
                + ScenarioContext.seconds(stopped, ingestReadyNanos) + "s; query restart "
                + ScenarioContext.seconds(queryStop, queryReady) + "s");
    }

    @Override
    public void check(ScenarioContext context, List<PingAttempt> attempts) {
        Map<String, Long> duringRestart = new TreeMap<>();
        Set<String> acceptedAfterRestart = new HashSet<>();
        for (PingAttempt attempt : attempts) {
            if (attempt.startNanos() >= ingestStopNanos && attempt.startNanos() <= ingestReadyNanos) {
                duringRestart.merge(attempt.outcome(), 1L, Long::sum);
            }
            if (attempt.accepted() && attempt.startNanos() >= ingestReadyNanos) {
                acceptedAfterRestart.add(attempt.driverId());
            }
        }
        context.note("pings started during the ingest restart: " + duringRestart);
        int drivers = context.settings().drivers();
        // a note, not a check: on a starved machine the restarted service may still answer 503s when the load stops
        context.note(acceptedAfterRestart.size() + "/" + drivers
                + " drivers had a ping accepted after the ingest service was back");
        if (transport == Transport.WS) {
            checkReconnects(context, drivers);
        }
    }

    /** The restart closed every driver's connection, so each must have opened one again. */
    private static void checkReconnects(ScenarioContext context, int drivers) {
        Optional<Connections> connections = context.load().connections();
        if (connections.isEmpty()) {
            context.fail("the WebSocket sender reported no connection figures");
        } else if (connections.get().reconnects() < drivers) {
            context.fail("the ingest restart closed every connection, yet only " + connections.get().reconnects()
                    + " reconnects for " + drivers + " drivers");
        }
    }
}
