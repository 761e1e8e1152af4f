package io.tracking.faults.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.tracking.faults.load.Transport;
import io.tracking.localstack.ServiceProcess;

/**
 * The batch writer dies by SIGKILL three times while pings stream in, each time at a random moment after it was
 * back and writing, and is restarted. Every kill can hit a flush half-way: the stored positions commit with the
 * rows, so nothing may be lost or written twice. Over WebSocket the drivers' connections stay open throughout: the
 * ingest side does not notice, and what it acknowledged must be stored all the same.
 */
final class WriterKillScenario implements Scenario {

    static final String NAME = "writer-kill";

    private static final int KILLS = 3;

    private final Transport transport;

    WriterKillScenario(Transport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return transport.scenarioName(NAME);
    }

    @Override
    public String description() {
        return "batch writer SIGKILLed " + KILLS + " times during load over " + transport.label()
                + ", restarted after each kill";
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        ServiceProcess writer = context.stack().writer();
        List<String> restarts = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            // a random moment while it writes: 2-5 s after it was ready
            context.hold(Duration.ofMillis(2_000 + ThreadLocalRandom.current().nextLong(3_000)));
            long killedAt = context.mark("writer SIGKILL " + kill + "/" + KILLS + " (pid "
                    + writer.pid().map(String::valueOf).orElse("none") + ")");
            writer.kill();
            writer.start();
            long readyAt = context.mark("writer ready again");
            restarts.add(ScenarioContext.seconds(killedAt, readyAt) + "s");
        }
        context.note(KILLS + " SIGKILLs, writer ready again after " + String.join(", ", restarts));
    }
}
