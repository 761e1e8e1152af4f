package io.tracking.writer.batch;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while the poll loop is not running or while the database refuses flushes (the writer keeps its batch and
 * retries); UP again after the next committed flush. Part of the readiness group.
 */
final class BatchWriterHealthIndicator extends AbstractHealthIndicator {

    private final WriterState state;

    BatchWriterHealthIndicator(WriterState state) {
        super("Batch writer health check failed");
        this.state = state;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!state.isRunning()) {
            builder.down().withDetail("consumer", "stopped");
            return;
        }
        if (state.isFailing()) {
            builder.down().withDetail("consecutiveFailures", state.consecutiveFailures());
            String failure = state.lastFailure();
            if (failure != null) {
                builder.withDetail("lastFailure", failure);
            }
        } else {
            builder.up();
        }
        builder.withDetail("assignedPartitions", state.assignedPartitions());
        if (state.lastCommit() != null) {
            builder.withDetail("lastCommit", String.valueOf(state.lastCommit()));
        }
    }
}
