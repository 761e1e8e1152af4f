package io.tracking.writer.batch;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one poll loop tells the health indicator and the gauges: whether it runs, whether the database currently
 * refuses its flushes, what it holds in memory and how far behind it is. Written by its poll thread, read by any
 * thread.
 */
final class WriterState {

    private volatile boolean running;
    private volatile int consecutiveFailures;
    private volatile @Nullable String lastFailure;
    private volatile @Nullable Instant lastCommit;
    private volatile int assignedPartitions;
    private volatile long bufferedRecords;
    private volatile long consumerLag;

    void running(boolean running) {
        this.running = running;
    }

    void succeeded(Instant at) {
        consecutiveFailures = 0;
        lastFailure = null;
        lastCommit = at;
    }

    void failed(Throwable failure) {
        consecutiveFailures++;
        // the class and SQLState only: a driver message may quote row values
        lastFailure = failure.getClass().getName() + (failure instanceof java.sql.SQLException sql
                && sql.getSQLState() != null ? " (SQLState " + sql.getSQLState() + ")" : "");
    }

    void assignedPartitions(int partitions) {
        assignedPartitions = partitions;
    }

    void bufferedRecords(long records) {
        bufferedRecords = records;
    }

    void consumerLag(long records) {
        consumerLag = records;
    }

    long bufferedRecords() {
        return bufferedRecords;
    }

    long consumerLag() {
        return consumerLag;
    }

    boolean isRunning() {
        return running;
    }

    boolean isFailing() {
        return consecutiveFailures > 0;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    @Nullable String lastFailure() {
        return lastFailure;
    }

    @Nullable Instant lastCommit() {
        return lastCommit;
    }

    int assignedPartitions() {
        return assignedPartitions;
    }
}
