package io.tracking.writer.batch;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while a poll loop is not running or while the database refuses a loop's flushes (the loop keeps its batch
 * and retries); UP again after its next committed flush. Part of the readiness group.
 */
final class BatchWriterHealthIndicator extends AbstractHealthIndicator {

    private final List<WriterState> states;

    BatchWriterHealthIndicator(List<WriterState> states) {
        super("Batch writer health check failed");
        this.states = List.copyOf(states);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!states.stream().allMatch(WriterState::isRunning)) {
            builder.down().withDetail("consumer", "stopped");
            return;
        }
        int failures = states.stream().mapToInt(WriterState::consecutiveFailures).max().orElse(0);
        if (failures > 0) {
            builder.down().withDetail("consecutiveFailures", failures);
            states.stream().map(WriterState::lastFailure).filter(Objects::nonNull).findFirst()
                    .ifPresent(failure -> builder.withDetail("lastFailure", failure));
        } else {
            builder.up();
        }
        builder.withDetail("consumers", states.size());
        builder.withDetail("assignedPartitions", states.stream().mapToInt(WriterState::assignedPartitions).sum());
        states.stream().map(WriterState::lastCommit).filter(Objects::nonNull).max(Instant::compareTo)
                .ifPresent(lastCommit -> builder.withDetail("lastCommit", lastCommit.toString()));
    }
}
