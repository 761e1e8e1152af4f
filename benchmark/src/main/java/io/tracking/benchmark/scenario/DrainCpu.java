package io.tracking.benchmark.scenario;

import java.util.Optional;
import java.util.OptionalDouble;

import io.tracking.benchmark.tool.ProcessCpu;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.PostgresNode;

/**
 * CPU seconds the processes a drain keeps busy have used so far: the batch writer JVM, PostgreSQL (the postmaster
 * and every process below it: backends, WAL writer, checkpointer, autovacuum, including the exited ones) and the
 * Kafka broker JVM. Two readings subtracted give where a drain's CPU went. NaN for a process not readable (e.g. an
 * external database, or not Linux).
 *
 * @param writer the batch writer's CPU seconds
 * @param postgres PostgreSQL's CPU seconds
 * @param kafka the Kafka broker's CPU seconds
 */
record DrainCpu(double writer, double postgres, double kafka) {

    /** The CPU used so far by the stack's processes. */
    static DrainCpu read(LocalStack stack) {
        PostgresNode postgres = stack.postgres();
        return new DrainCpu(seconds(stack.writer().pid(), false),
                postgres == null ? Double.NaN : seconds(postgres.pid(), true),
                seconds(stack.kafka().pid(), false));
    }

    /** The CPU used between {@code earlier} and this reading. */
    DrainCpu since(DrainCpu earlier) {
        return new DrainCpu(writer - earlier.writer, postgres - earlier.postgres, kafka - earlier.kafka);
    }

    private static double seconds(Optional<Long> pid, boolean tree) {
        if (pid.isEmpty()) {
            return Double.NaN;
        }
        OptionalDouble seconds = tree ? ProcessCpu.treeSeconds(pid.get()) : ProcessCpu.seconds(pid.get());
        return seconds.orElse(Double.NaN);
    }
}
