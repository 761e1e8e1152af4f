package io.tracking.query.location;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tracking.query.QueryProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every {@code refresh-interval}, at a fixed rate, reads the writer's stored positions into {@link WriterProgress}
 * and re-reads the held positions they passed, through {@link RefreshConnection} (its own connection, so that a
 * request pool held by requests cannot stop it); every 30 s drops the entries nobody read for {@code idle-ttl}.
 * Only registered while the cache is enabled.
 */
final class LatestCacheRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LatestCacheRefresher.class);

    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final QueryProperties.LatestCache settings;
    private final StoredLatest database;
    private final WriterProgress progress;
    private final CachedPositions entries;
    private final LatestCacheMetrics metrics;

    private volatile @Nullable ScheduledExecutorService refresher;
    // refresher thread only
    private long nextSweepNanos;
    private long nextWarnNanos = System.nanoTime();
    private long unwarnedFailures;
    private long failuresInARow;
    private LatestCacheState loggedState = LatestCacheState.READER_NOT_STARTED;

    LatestCacheRefresher(QueryProperties.LatestCache settings, StoredLatest database, WriterProgress progress,
            CachedPositions entries, LatestCacheMetrics metrics) {
        this.settings = settings;
        this.database = database;
        this.progress = progress;
        this.entries = entries;
        this.metrics = metrics;
    }

    /**
     * Reads the writer's positions, drops what they passed, re-reads those entries. The stamp of the read is taken
     * before the query is sent: nothing the query can see was committed earlier.
     */
    void refresh() {
        long askedAt = System.nanoTime();
        Map<Integer, Long> positions;
        try {
            positions = database.writerPositions(settings.writerGroup());
        } catch (RuntimeException e) {
            metrics.positionFailures.increment();
            failed("reading the writer's positions", e);
            logStateChange();
            return;
        }
        if (failuresInARow > 0) {
            log.info("Latest-position cache: reading the writer's positions works again after {} failures",
                    failuresInARow);
            failuresInARow = 0;
        }
        Set<String> reread = progress.writerPositions(positions, askedAt);
        // taken before the re-read is sent: a change from now on keeps its answer out
        long ticket = entries.ticket();
        if (!reread.isEmpty() && progress.isServing()) {
            try {
                List<DriverLocation> rows = database.findAll(List.copyOf(reread));
                metrics.refreshed.increment(rows.size());
                entries.keep(rows, ticket, progress::isServing);
            } catch (RuntimeException e) {
                metrics.rereadFailures.increment();
                failed("re-reading " + reread.size() + " positions", e);
            }
        }
        sweepIdle();
        logStateChange();
    }

    /** Logs a failed read at WARN, at most every 30 s with the number not logged in between. */
    private void failed(String what, RuntimeException e) {
        failuresInARow++;
        long now = System.nanoTime();
        if (now - nextWarnNanos < 0) {
            unwarnedFailures++;
            return;
        }
        nextWarnNanos = now + WARN_EVERY_NANOS;
        log.warn("Latest-position cache: {} failed: {} ({} more failures since the last warning)", what,
                e.toString(), unwarnedFailures);
        unwarnedFailures = 0;
    }

    private void logStateChange() {
        LatestCacheState state = progress.state(System.nanoTime());
        if (state != loggedState) {
            log.info("Latest-position cache {}", state == LatestCacheState.SERVING ? "serving"
                    : "paused (" + state.tag + "): every read goes to the database");
            loggedState = state;
        }
    }

    /** So that the refresher only re-reads watched drivers. */
    private void sweepIdle() {
        long now = System.nanoTime();
        if (now - nextSweepNanos < 0) {
            return;
        }
        nextSweepNanos = now + SWEEP_INTERVAL.toNanos();
        entries.sweepIdle(now, settings.idleTtl().toNanos());
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "latest-cache-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.refreshInterval().toNanos();
        // at a fixed rate, so that reads start an interval apart however long each took (the trust is 2 intervals)
        executor.scheduleAtFixedRate(this::refreshQuietly, 0, interval, TimeUnit.NANOSECONDS);
        refresher = executor;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException | Error e) {
            // a scheduled task that throws is never run again: the cache would stay paused for good
            metrics.positionFailures.increment();
            log.warn("Latest-position cache refresh failed: {}", e.getClass().getName());
        }
    }

    /** Stops refreshing; without refreshes nothing held can be trusted, so the entries go too. */
    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        if (executor != null) {
            executor.shutdownNow();
            refresher = null;
        }
        progress.reset();
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
