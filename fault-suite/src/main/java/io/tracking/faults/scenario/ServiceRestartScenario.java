package io.tracking.faults.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tracking.faults.load.PingAttempt;
import io.tracking.localstack.ServiceProcess;

/**
 * The ingest service and then the query service are stopped gracefully (SIGTERM) and started again during load, as
 * a rolling deployment does. Pings refused while the ingest service is down are the client's errors, not losses;
 * every ping it answered 202, also those in flight when SIGTERM came, must be stored.
 */
final class ServiceRestartScenario implements Scenario {

    static final String NAME = "service-restarts";

    private long ingestStopNanos;
    private long ingestReadyNanos;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ingest and query services stopped gracefully and restarted during load";
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
        for (PingAttempt attempt : attempts) {
            if (attempt.startNanos() >= ingestStopNanos && attempt.startNanos() <= ingestReadyNanos) {
                duringRestart.merge(attempt.outcome(), 1L, Long::sum);
            }
        }
        context.note("requests started during the ingest restart: " + duringRestart);
    }
}
