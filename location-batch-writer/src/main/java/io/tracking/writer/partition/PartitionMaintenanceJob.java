package io.tracking.writer.partition;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tracking.writer.BatchWriterProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps daily partitions ready from {@code today - days-behind} to {@code today + days-ahead} and drops the whole
 * partitions that left the retention window. Runs once when the application starts, before the consumer, then
 * every {@code maintenance-interval}.
 */
final class PartitionMaintenanceJob implements SmartLifecycle {

    /** Starts before the consumer loop, stops after it. */
    static final int PHASE = Integer.MAX_VALUE - 2000;

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenanceJob.class);

    private final HistoryPartitions partitions;
    private final BatchWriterProperties.History history;
    private final Clock clock;
    private @Nullable ScheduledExecutorService scheduler;

    PartitionMaintenanceJob(HistoryPartitions partitions, BatchWriterProperties.History history, Clock clock) {
        this.partitions = partitions;
        this.history = history;
        this.clock = clock;
    }

    /** Creates the partitions ahead and drops the expired ones; returns how many were dropped. */
    int runOnce() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int created = partitions.ensure(today.minusDays(history.daysBehind()), today.plusDays(history.daysAhead()));
        LocalDate firstKept = partitions.firstKeptDay(clock.instant());
        int dropped = partitions.dropBefore(firstKept);
        log.info("History partitions: {} created up to {}, {} dropped before {}", created,
                today.plusDays(history.daysAhead()), dropped, firstKept);
        return dropped;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // the next run tries again; flushes still create the partitions they need on demand
            log.warn("History partition maintenance failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        runQuietly();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "history-partition-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        long interval = history.maintenanceInterval().toMillis();
        executor.scheduleWithFixedDelay(this::runQuietly, interval, interval, TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
