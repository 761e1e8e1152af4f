package io.tracking.faults.scenario;

import java.time.Duration;

import io.tracking.localstack.PostgresNode;
import io.tracking.localstack.ServiceProcess;

/**
 * PostgreSQL stops (fast shutdown) for 20 s during load. The ingest service keeps accepting (it does not use the
 * database); the writer keeps the pings it cannot store and retries, so everything accepted is stored once
 * PostgreSQL is back.
 */
final class PostgresOutageScenario implements Scenario {

    static final String NAME = "postgres-outage";

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration WRITER_RECOVERY_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PostgreSQL stopped for " + OUTAGE.toSeconds() + " s during load";
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        PostgresNode postgres = context.stack().postgres();
        if (postgres == null) {
            context.fail("the stack uses an external PostgreSQL, which this suite cannot stop");
            return;
        }
        ServiceProcess writer = context.stack().writer();
        context.hold(Duration.ofSeconds(3));
        context.mark("PostgreSQL stop");
        postgres.stop();
        long down = context.mark("PostgreSQL stopped");
        if (context.await(() -> !writer.isReady(), OUTAGE)) {
            context.mark("writer reports not ready");
        } else {
            context.note("writer stayed ready during the outage");
        }
        context.holdUntil(down, OUTAGE);
        context.mark("PostgreSQL start");
        postgres.start();
        long back = context.mark("PostgreSQL back");
        if (context.await(writer::isReady, WRITER_RECOVERY_TIMEOUT)) {
            long ready = context.mark("writer ready again");
            context.note("PostgreSQL down " + ScenarioContext.seconds(down, back) + "s, writer ready "
                    + ScenarioContext.seconds(back, ready) + "s after its return");
        } else {
            context.fail("writer not ready " + WRITER_RECOVERY_TIMEOUT.toSeconds() + " s after PostgreSQL returned");
        }
    }
}
