package io.tracking.query.location;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
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
 * reads below them (the reader is behind) or is later passed by them.
 *
 * <p>Entries are served only while that argument holds ("ready"): the writer's positions were read within the last
 * few intervals, on every partition the writer has stored everything the live reader skipped when it started, and
 * the live reader has read everything the writer stored. Otherwise every read goes to the database, as it does when
 * the cache is disabled. A row the writer stored shows here at most one refresh interval (plus one database read)
 * after its commit. A read that raced with a change is not cached: each change bumps a generation, and a database
 * answer is only kept when the generation is still the one seen before the read.
 */
@Component
public class LatestLocationCache implements LiveFeedProgress, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LatestLocationCache.class);

    /** How many refresh intervals the writer's positions stay trusted without a successful read. */
    private static final int STALE_AFTER_INTERVALS = 10;
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final QueryProperties.LatestCache settings;
    private final StoredLatest reader;
    private final long staleAfterNanos;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: where the live reader started, how far it read, what it read above the writer. */
    private final Map<Integer, Long> started = new HashMap<>();
    private final Map<Integer, Long> reached = new HashMap<>();
    private final Map<Integer, ArrayDeque<Pending>> pending = new HashMap<>();
    private int pendingCount;
    private Map<Integer, Long> stored = Map.of();
    private long storedReadAtNanos;
    private boolean storedKnown;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Bumped under {@link #lock} whenever a stored row may have changed; written under it, read without. */
    private volatile long generation;
    private volatile boolean ready;
    /** {@link System#nanoTime()} after which the last read of the writer's positions is too old to trust. */
    private volatile long trustedUntilNanos;

    private final Counter hits;
    private final Counter misses;
    private final Counter bypasses;
    private final Counter refreshed;

    private @Nullable ScheduledExecutorService refresher;
    private long nextSweepNanos;

    @Autowired
    LatestLocationCache(QueryProperties properties, StoredLatest reader, MeterRegistry meters) {
        this(properties.latestCache(), reader, meters);
    }

    LatestLocationCache(QueryProperties.LatestCache settings, StoredLatest reader, MeterRegistry meters) {
        this.settings = settings;
        this.reader = reader;
        this.staleAfterNanos = settings.refreshInterval().toNanos() * STALE_AFTER_INTERVALS;
        String lookups = "tracking.query.latest.cache.lookups";
        this.hits = Counter.builder(lookups).tag("outcome", "hit")
                .description("Latest-position reads answered from memory").register(meters);
        this.misses = Counter.builder(lookups).tag("outcome", "miss")
                .description("Latest-position reads that went to the database and may be kept").register(meters);
        this.bypasses = Counter.builder(lookups).tag("outcome", "bypass")
                .description("Latest-position reads that went to the database because the cache is not ready")
                .register(meters);
        this.refreshed = Counter.builder("tracking.query.latest.cache.refreshed")
                .description("Cached positions re-read after the writer stored a newer ping").register(meters);
        Gauge.builder("tracking.query.latest.cache.entries", entries, Map::size)
                .description("Latest positions held in memory").register(meters);
        Gauge.builder("tracking.query.latest.cache.ready", this, cache -> cache.isReady() ? 1 : 0)
                .description("1 while cached positions are served, 0 while every read goes to the database")
                .register(meters);
    }

    /** Whether cached positions are served now. */
    boolean isReady() {
        return isReadyAt(System.nanoTime());
    }

    private boolean isReadyAt(long nowNanos) {
        return settings.enabled() && ready && nowNanos - trustedUntilNanos < 0;
    }

    /** The stored position of {@code driverId}, from memory when it is known to be current. */
    Optional<DriverLocation> find(String driverId, Function<String, Optional<DriverLocation>> database) {
        long now = System.nanoTime();
        if (!isReadyAt(now)) {
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
        if (!isReadyAt(now)) {
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

    /** Keeps what the database answered, unless a row may have changed since {@code ticket} was taken. */
    private void keep(List<DriverLocation> locations, long ticket) {
        synchronized (lock) {
            if (generation != ticket || !ready) {
                return;
            }
            long now = System.nanoTime();
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
        synchronized (lock) {
            started.put(partition, position);
            updateReadiness();
        }
    }

    @Override
    public void read(String driverId, int partition, long offset) {
        synchronized (lock) {
            reached.merge(partition, offset + 1, Math::max);
            if (storedKnown && offset < stored.getOrDefault(partition, 0L)) {
                // the writer stored it before this reader got here: the row may have changed already
                changed(Set.of(driverId));
                return;
            }
            if (pendingCount >= settings.maxPending()) {
                forgetPending();
            }
            pending.computeIfAbsent(partition, key -> new ArrayDeque<>()).add(new Pending(offset, driverId));
            pendingCount++;
        }
    }

    @Override
    public void reached(Map<Integer, Long> positions) {
        synchronized (lock) {
            reached.putAll(positions);
            updateReadiness();
        }
    }

    @Override
    public void reset() {
        synchronized (lock) {
            started.clear();
            reached.clear();
            pending.clear();
            pendingCount = 0;
            generation++;
            entries.clear();
            updateReadiness();
        }
    }

    /**
     * Too many pings waiting for the writer (it is down or far behind): forget them, drop every entry and serve
     * nothing until the writer has stored everything read so far, as after a fresh start at the current positions.
     */
    private void forgetPending() {
        log.warn("Latest-position cache: {} pings read but not yet stored by the writer; dropping the cache until"
                + " it catches up", pendingCount);
        pending.clear();
        pendingCount = 0;
        started.putAll(reached);
        generation++;
        entries.clear();
        updateReadiness();
    }

    /** Reads the writer's positions, drops what they passed, re-reads those entries. On the refresher thread. */
    void refresh() {
        Map<Integer, Long> positions;
        try {
            positions = reader.writerPositions(settings.writerGroup());
        } catch (RuntimeException e) {
            log.debug("Latest-position cache: reading the writer's positions failed: {}", e.toString());
            return;
        }
        Set<String> reread = new HashSet<>();
        long ticket;
        synchronized (lock) {
            stored = positions;
            storedKnown = true;
            storedReadAtNanos = System.nanoTime();
            Set<String> passed = new HashSet<>();
            pending.forEach((partition, queue) -> {
                long position = positions.getOrDefault(partition, 0L);
                while (!queue.isEmpty() && queue.peekFirst().offset < position) {
                    passed.add(queue.pollFirst().driverId);
                    pendingCount--;
                }
            });
            for (String driverId : passed) {
                if (entries.containsKey(driverId)) {
                    reread.add(driverId);
                }
            }
            changed(passed);
            updateReadiness();
            ticket = generation;
        }
        if (!reread.isEmpty() && ready) {
            try {
                List<DriverLocation> rows = reader.readAll(List.copyOf(reread));
                refreshed.increment(rows.size());
                keep(rows, ticket);
            } catch (RuntimeException e) {
                log.debug("Latest-position cache: re-reading {} positions failed: {}", reread.size(), e.toString());
            }
        }
        sweepIdle();
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

    /** Under {@link #lock}. */
    private void updateReadiness() {
        boolean holds = settings.enabled() && storedKnown && !started.isEmpty();
        for (Map.Entry<Integer, Long> start : started.entrySet()) {
            long writer = stored.getOrDefault(start.getKey(), 0L);
            long live = reached.getOrDefault(start.getKey(), start.getValue());
            // the writer must have stored what the live reader skipped, and the live reader read what it stored
            holds &= writer >= start.getValue() && live >= writer;
        }
        holds &= started.keySet().containsAll(stored.keySet());
        if (holds != ready) {
            log.info("Latest-position cache {}", holds ? "serving" : "paused: every read goes to the database");
            if (!holds) {
                generation++;
            }
        }
        ready = holds;
        trustedUntilNanos = storedReadAtNanos + staleAfterNanos;
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
        executor.scheduleWithFixedDelay(this::refreshQuietly, 0, interval, TimeUnit.NANOSECONDS);
        refresher = executor;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Latest-position cache refresh failed: {}", e.toString());
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

    private record Pending(long offset, String driverId) {
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
