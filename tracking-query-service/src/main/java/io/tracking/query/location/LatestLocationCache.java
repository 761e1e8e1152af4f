package io.tracking.query.location;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.query.QueryProperties;
import io.tracking.query.live.LiveFeedProgress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Latest positions read from {@code driver_latest_location}, kept in memory only while they provably still are
 * what the table holds, so that a customer app polling its driver does not cost a database round trip per poll.
 *
 * <p>Only the batch writer changes the table, and it stores a ping in the same transaction that moves its stored
 * consumer position ({@code kafka_consumer_positions}) past the ping's offset. The live reader sees every record of
 * the topic ({@link LiveFeedProgress}). So a driver's row can only change when the writer's stored position passes
 * the offset of a record keyed by that driver, and this class drops (and re-reads) the driver's entry when it sees
 * that happen: it reads the writer's positions every {@code refresh-interval}, and each record the live reader
 * reads below them (the reader is behind) or is later passed by them. {@link WriterProgress} keeps that account.
 *
 * <p>Entries are served only while the argument holds ({@link LatestCacheState#SERVING}); otherwise every read goes
 * to the database, as when the cache is disabled. Freshness bound: an entry served at time t is the table's row as
 * of the moment the last successful read of the writer's positions was <em>sent</em>, and that moment is less than
 * two refresh intervals before t; a failed or slow read therefore stops the serving within two intervals. A writer
 * whose stored positions stand still for {@code writer-stall-timeout} while the live reader reads records it has not
 * stored stops the serving too, and drops every entry (it may be storing under another group); serving resumes once
 * its positions move. A database answer that raced with a change is not kept: each change bumps a generation, and an
 * answer is only kept when the generation is still the one seen before the read.
 *
 * <p>The refresher reads through {@link RefreshConnection}, its own connection, so that a request pool held by
 * requests cannot stop it.
 */
@Component
public class LatestLocationCache implements LiveFeedProgress, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LatestLocationCache.class);

    /** How many refresh intervals after it was asked a read of the writer's positions is trusted. */
    static final int TRUSTED_FOR_INTERVALS = 2;
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final QueryProperties.LatestCache settings;
    private final StoredLatest reader;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final WriterProgress progress;
    /** Guarded by {@link #lock}: the entries were dropped for the current stall of the writer. */
    private boolean stallDropped;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Bumped under {@link #lock} whenever a stored row may have changed; written under it, read without. */
    private volatile long generation;
    /** The first condition of the argument that fails, besides the bounds in time; null when all hold. */
    private volatile @Nullable LatestCacheState broken = LatestCacheState.READER_NOT_STARTED;
    /** {@link System#nanoTime()} from which the last successful read of the writer's positions is too old. */
    private volatile long trustedUntilNanos;
    /** {@link System#nanoTime()} from which the writer counts as stalled, unless a read finds it moving. */
    private volatile long stalledAtNanos;
    private volatile long askedAtNanos;
    private volatile boolean positionsKnown;

    private final Counter hits;
    private final Counter misses;
    private final Counter bypasses;
    private final Counter refreshed;
    private final Counter positionFailures;
    private final Counter rereadFailures;

    private @Nullable ScheduledExecutorService refresher;
    /** Refresher thread only. */
    private long nextSweepNanos;
    private long nextWarnNanos = System.nanoTime();
    private long unwarnedFailures;
    private long failuresInARow;
    private LatestCacheState loggedState = LatestCacheState.READER_NOT_STARTED;

    @Autowired
    LatestLocationCache(QueryProperties properties, RefreshConnection reader, MeterRegistry meters) {
        this(properties.latestCache(), reader, meters);
    }

    LatestLocationCache(QueryProperties.LatestCache settings, StoredLatest reader, MeterRegistry meters) {
        this.settings = settings;
        this.reader = reader;
        this.progress = new WriterProgress(settings.maxPending(),
                settings.refreshInterval().toNanos() * TRUSTED_FOR_INTERVALS, settings.writerStallTimeout().toNanos());
        String lookups = "tracking.query.latest.cache.lookups";
        this.hits = Counter.builder(lookups).tag("outcome", "hit")
                .description("Latest-position reads answered from memory").register(meters);
        this.misses = Counter.builder(lookups).tag("outcome", "miss")
                .description("Latest-position reads that went to the database and may be kept").register(meters);
        this.bypasses = Counter.builder(lookups).tag("outcome", "bypass")
                .description("Latest-position reads that went to the database because the cache is not serving")
                .register(meters);
        this.refreshed = Counter.builder("tracking.query.latest.cache.refreshed")
                .description("Cached positions re-read after the writer stored a newer ping").register(meters);
        String failures = "tracking.query.latest.cache.refresh.failures";
        this.positionFailures = Counter.builder(failures).tag("step", "positions")
                .description("Failed reads of the refresher").register(meters);
        this.rereadFailures = Counter.builder(failures).tag("step", "reread")
                .description("Failed reads of the refresher").register(meters);
        Gauge.builder("tracking.query.latest.cache.entries", entries, Map::size)
                .description("Latest positions held in memory").register(meters);
        Gauge.builder("tracking.query.latest.cache.ready", this, cache -> cache.isReady() ? 1 : 0)
                .description("1 while cached positions are served, 0 while every read goes to the database")
                .register(meters);
        for (LatestCacheState state : LatestCacheState.values()) {
            Gauge.builder("tracking.query.latest.cache.state", this, cache -> cache.state() == state ? 1 : 0)
                    .tag("state", state.tag)
                    .description("1 for the cache's current state: serving, or the first reason it is not")
                    .register(meters);
        }
        Gauge.builder("tracking.query.latest.cache.positions.age", this, LatestLocationCache::positionsAgeSeconds)
                .baseUnit("seconds")
                .description("Since the last successful read of the writer's positions was sent (NaN: none yet)")
                .register(meters);
    }

    /** Pings read by the live reader that the writer has not stored yet (tests). */
    int pendingPings() {
        synchronized (lock) {
            return progress.pendingCount();
        }
    }

    /** Whether cached positions are served now. */
    boolean isReady() {
        return stateAt(System.nanoTime()) == LatestCacheState.SERVING;
    }

    /** Serving, or the first reason why not. */
    LatestCacheState state() {
        return stateAt(System.nanoTime());
    }

    private LatestCacheState stateAt(long nowNanos) {
        if (!settings.enabled()) {
            return LatestCacheState.DISABLED;
        }
        LatestCacheState failing = broken;
        if (failing != null) {
            return failing;
        }
        if (nowNanos - trustedUntilNanos >= 0) {
            return LatestCacheState.POSITIONS_STALE;
        }
        if (nowNanos - stalledAtNanos >= 0) {
            return LatestCacheState.WRITER_STALLED;
        }
        return LatestCacheState.SERVING;
    }

    private double positionsAgeSeconds() {
        return positionsKnown ? (System.nanoTime() - askedAtNanos) / 1e9 : Double.NaN;
    }

    /** The stored position of {@code driverId}, from memory when it is known to be current. */
    Optional<DriverLocation> find(String driverId, Function<String, Optional<DriverLocation>> database) {
        long now = System.nanoTime();
        if (stateAt(now) != LatestCacheState.SERVING) {
            bypasses.increment();
            return database.apply(driverId);
        }
        Entry entry = entries.get(driverId);
        if (entry != null) {
            entry.lastReadNanos = now;
            hits.increment();
            return Optional.of(entry.location);
        }
        misses.increment();
        long ticket = generation;
        Optional<DriverLocation> location = database.apply(driverId);
        location.ifPresent(found -> keep(List.of(found), ticket));
        return location;
    }

    /** The stored positions among {@code driverIds}: those in memory, the others in one database read. */
    List<DriverLocation> findAll(List<String> driverIds, Function<List<String>, List<DriverLocation>> database) {
        long now = System.nanoTime();
        if (stateAt(now) != LatestCacheState.SERVING) {
            bypasses.increment(driverIds.size());
            return database.apply(driverIds);
        }
        List<DriverLocation> found = new ArrayList<>(driverIds.size());
        List<String> missing = new ArrayList<>();
        for (String driverId : new LinkedHashSet<>(driverIds)) {
            Entry entry = entries.get(driverId);
            if (entry == null) {
                missing.add(driverId);
            } else {
                entry.lastReadNanos = now;
                found.add(entry.location);
            }
        }
        hits.increment(found.size());
        if (!missing.isEmpty()) {
            misses.increment(missing.size());
            long ticket = generation;
            List<DriverLocation> read = database.apply(missing);
            keep(read, ticket);
            found.addAll(read);
        }
        return found;
    }

    /**
     * Keeps what the database answered, unless a row may have changed since {@code ticket} was taken or the cache
     * does not serve now (a stalled writer may be changing rows unseen).
     */
    private void keep(List<DriverLocation> locations, long ticket) {
        synchronized (lock) {
            long now = System.nanoTime();
            if (generation != ticket || stateAt(now) != LatestCacheState.SERVING) {
                return;
            }
            for (DriverLocation location : locations) {
                if (entries.size() >= settings.maxEntries()) {
                    return;
                }
                entries.put(location.driverId(), new Entry(location, now));
            }
        }
    }

    @Override
    public void started(int partition, long position) {
        if (!settings.enabled()) {
            return; // nothing is served, so nothing read needs to wait for the writer
        }
        synchronized (lock) {
            progress.started(partition, position);
            updateReadiness();
        }
    }

    @Override
    public void read(String driverId, int partition, long offset) {
        if (!settings.enabled()) {
            return; // nothing is served, so nothing read needs to wait for the writer
        }
        synchronized (lock) {
            switch (progress.read(driverId, partition, offset)) {
                case PENDING -> {
                }
                // the writer stored it before this reader got here: the row may have changed already
                case ALREADY_STORED -> changed(Set.of(driverId));
                case OVERFLOW -> {
                    log.warn("Latest-position cache: {} pings read but not yet stored by the writer; dropping the"
                            + " cache until it catches up", settings.maxPending());
                    dropAll();
                    updateReadiness();
                }
            }
        }
    }

    @Override
    public void skipped(int partition, long offset) {
        if (!settings.enabled()) {
            return; // nothing is served, so nothing read needs to wait for the writer
        }
        synchronized (lock) {
            progress.skipped(partition, offset);
        }
    }

    @Override
    public void reached(Map<Integer, Long> positions) {
        if (!settings.enabled()) {
            return; // nothing is served, so nothing read needs to wait for the writer
        }
        synchronized (lock) {
            progress.reached(positions);
            updateReadiness();
        }
    }

    @Override
    public void reset() {
        synchronized (lock) {
            progress.reset();
            dropAll();
            updateReadiness();
        }
    }

    /**
     * Reads the writer's positions, drops what they passed, re-reads those entries. On the refresher thread.
     * The stamp of the read is taken before the query is sent: nothing the query can see was committed earlier.
     */
    void refresh() {
        long askedAt = System.nanoTime();
        Map<Integer, Long> positions;
        try {
            positions = reader.writerPositions(settings.writerGroup());
        } catch (RuntimeException e) {
            positionFailures.increment();
            failed("reading the writer's positions", e);
            logStateChange();
            return;
        }
        if (failuresInARow > 0) {
            log.info("Latest-position cache: reading the writer's positions works again after {} failures",
                    failuresInARow);
            failuresInARow = 0;
        }
        Set<String> reread = new HashSet<>();
        long ticket;
        synchronized (lock) {
            Set<String> passed = progress.writerPositions(positions, askedAt);
            askedAtNanos = askedAt;
            positionsKnown = true;
            for (String driverId : passed) {
                if (entries.containsKey(driverId)) {
                    reread.add(driverId);
                }
            }
            changed(passed);
            updateReadiness();
            boolean stalled = System.nanoTime() - stalledAtNanos >= 0;
            if (stalled && !stallDropped) {
                // rows may be changing without the positions telling: nothing held can be trusted any more
                log.warn("Latest-position cache: the writer's stored positions have not moved for {} while {} pings"
                        + " wait for it; dropping the cache until they move", settings.writerStallTimeout(),
                        progress.pendingCount());
                dropAll();
            }
            stallDropped = stalled;
            ticket = generation;
        }
        if (!reread.isEmpty() && isReady()) {
            try {
                List<DriverLocation> rows = reader.readAll(List.copyOf(reread));
                refreshed.increment(rows.size());
                keep(rows, ticket);
            } catch (RuntimeException e) {
                rereadFailures.increment();
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
        LatestCacheState state = state();
        if (state != loggedState) {
            log.info("Latest-position cache {}", state == LatestCacheState.SERVING ? "serving"
                    : "paused (" + state.tag + "): every read goes to the database");
            loggedState = state;
        }
    }

    /** Under {@link #lock}: the rows of {@code driverIds} may have changed. */
    private void changed(Set<String> driverIds) {
        if (driverIds.isEmpty()) {
            return;
        }
        generation++;
        for (String driverId : driverIds) {
            entries.remove(driverId);
        }
    }

    /** Under {@link #lock}: no entry can be trusted any more, nor an answer being read now. */
    private void dropAll() {
        generation++;
        entries.clear();
    }

    /** Under {@link #lock}. */
    private void updateReadiness() {
        LatestCacheState failing = settings.enabled() ? progress.broken() : LatestCacheState.DISABLED;
        if (failing != null && broken == null) {
            // an answer being read now may have raced with what broke the argument
            generation++;
        }
        trustedUntilNanos = progress.trustedUntilNanos();
        stalledAtNanos = progress.stalledAtNanos();
        broken = failing;
    }

    /** Drops entries nobody read for {@code idle-ttl}, so that the refresher only re-reads watched drivers. */
    private void sweepIdle() {
        long now = System.nanoTime();
        if (now - nextSweepNanos < 0) {
            return;
        }
        nextSweepNanos = now + SWEEP_INTERVAL.toNanos();
        long idleNanos = settings.idleTtl().toNanos();
        entries.values().removeIf(entry -> now - entry.lastReadNanos > idleNanos);
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
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
            positionFailures.increment();
            log.warn("Latest-position cache refresh failed: {}", e.getClass().getName());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        if (executor != null) {
            executor.shutdownNow();
            refresher = null;
        }
        reset();
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    private static final class Entry {

        final DriverLocation location;
        /** Written by readers without a lock: only the idle sweep reads it, and a stale value only delays it. */
        long lastReadNanos;

        Entry(DriverLocation location, long lastReadNanos) {
            this.location = location;
            this.lastReadNanos = lastReadNanos;
        }
    }
}
