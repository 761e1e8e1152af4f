package io.tracking.faults.scenario;

import java.time.Duration;

import io.tracking.localstack.LocalStack;
import io.tracking.localstack.PostgresNode;
import io.tracking.localstack.ServiceProcess;

/**
 * Brings every part of the stack back up, so that a scenario that failed half-way does not spoil the next one.
 * Anything it had to start is reported as a failure of the scenario that left it down.
 */
final class StackRepair {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final LocalStack stack;

    StackRepair(LocalStack stack) {
        this.stack = stack;
    }

    void ensureUp(ScenarioContext context) throws InterruptedException {
        if (!stack.kafka().isAlive()) {
            start(context, "Kafka", stack.kafka()::start);
        }
        PostgresNode postgres = stack.postgres();
        if (postgres != null && !postgres.isAlive()) {
            start(context, "PostgreSQL", postgres::start);
        }
        // the writer first: it owns the schema
        for (ServiceProcess service : new ServiceProcess[] {stack.writer(), stack.ingest(), stack.query()}) {
            if (!service.isAlive()) {
                start(context, service.name(), service::start);
            }
        }
        for (ServiceProcess service : stack.services()) {
            if (service.isAlive() && !context.await(service::isReady, READY_TIMEOUT)) {
                context.fail(service.name() + " not ready within " + READY_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    /** A part that does not start is reported, and the others are still tried. */
    private static void start(ScenarioContext context, String part, Runnable start) {
        context.fail(part + " was left down; starting it");
        try {
            start.run();
        } catch (RuntimeException e) {
            context.fail(part + " did not start: " + ScenarioRunner.firstLine(e));
        }
    }
}
