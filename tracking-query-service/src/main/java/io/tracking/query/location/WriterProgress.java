package io.tracking.query.location;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tracking.query.QueryProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the live reader read the location topic and how far the batch writer stored it, per partition: which
 * drivers' rows may have changed (dropped from {@link CachedPositions} as soon as that is known), and whether
 * together they prove that every other row is still what the cache holds ({@link #state}).
 *
 * <p>The argument: only the writer changes {@code driver_latest_location}, in the transaction that moves its stored
 * position past the ping. So while (a) the writer stored everything the reader skipped when it started, (b) the
 * reader read everything the writer stored, and (c) every record the reader read above the writer's position is
 * remembered here ({@link #read}), a row changes only for a driver named by a record that the writer's position
 * then passes ({@link #writerPositions}). Two bounds in time come on top: the writer's positions are only as fresh
 * as the moment their read was <em>asked</em> (the query may see nothing committed before that, so the stamp is
 * taken before it is sent), and they are trusted for {@value #TRUSTED_FOR_INTERVALS} refresh intervals from then;
 * a writer whose stored positions stop moving while the reader is ahead of them may be storing under another name:
 * the argument is only trusted for {@code writer-stall-timeout} after the writer last moved or had nothing left to
 * store, and such a stall drops every entry (rows may be changing without the positions telling).
 *
 * <p>Told of the live reader by the follower {@code io.tracking.query.latestfeed} registers while the cache is
 * enabled (this package does not depend on the live one, hence the public methods); told of the writer by
 * {@link LatestCacheRefresher}. Changes take this object's monitor (then the entries' one); {@link #state} takes
 * none. Times are {@link System#nanoTime()} values.
 */
public final class WriterProgress {

    private static final Logger log = LoggerFactory.getLogger(WriterProgress.class);

    /** How many refresh intervals after it was asked a read of the writer's positions is trusted. */
    static final int TRUSTED_FOR_INTERVALS = 2;

    /** What {@link #read} found. */
    enum Read {
        /** Remembered until the writer's position passes it. */
        PENDING,
        /** The writer had stored it already: the driver's row may have changed. */
        ALREADY_STORED,
        /** Too many remembered: all forgotten, the reader's positions count as a fresh start. */
        OVERFLOW
    }

    private final boolean enabled;
    private final int maxPending;
    private final long trustedForNanos;
    private final long stallTimeoutNanos;
    private final CachedPositions entries;

    // guarded by this
    private final Map<Integer, Long> started = new HashMap<>();
    private final Map<Integer, Long> reached = new HashMap<>();
    private final Map<Integer, ArrayDeque<Pending>> pending = new HashMap<>();
    private int pendingCount;
    private Map<Integer, Long> stored = Map.of();
    private boolean storedKnown;
    private long askedAtNanos;
    /** Per partition: when a read of the writer's positions last found it moved, or with nothing left to store. */
    private final Map<Integer, Long> currentAtNanos = new HashMap<>();
    /** The entries were dropped for the current stall of the writer. */
    private boolean stallDropped;

    // what {@link #state} answers from, written under this and read without it
    /** The first condition of the argument that fails, besides the bounds in time; null when all hold. */
    private volatile @Nullable LatestCacheState broken;
    /** From when the last successful read of the writer's positions is too old. */
    private volatile long trustedUntilNanos;
    /** From when the writer counts as stalled, unless a read finds it moving. */
    private volatile long stalledAtNanos;
    private volatile long positionsAskedAtNanos;
    private volatile boolean positionsKnown;

    WriterProgress(QueryProperties.LatestCache settings, CachedPositions entries) {
        this(settings.enabled(), settings.maxPending(),
                settings.refreshInterval().toNanos() * TRUSTED_FOR_INTERVALS, settings.writerStallTimeout().toNanos(),
                entries);
    }

    /**
     * @param enabled false: memory never answers ({@link LatestCacheState#DISABLED}), whatever this is told
     * @param trustedForNanos how long after it was asked a read of the writer's positions is trusted
     * @param stallTimeoutNanos how long the writer may stand still while the reader is ahead of it
     */
    WriterProgress(boolean enabled, int maxPending, long trustedForNanos, long stallTimeoutNanos,
            CachedPositions entries) {
        this.enabled = enabled;
        this.maxPending = maxPending;
        this.trustedForNanos = trustedForNanos;
        this.stallTimeoutNanos = stallTimeoutNanos;
        this.entries = entries;
        this.broken = enabled ? LatestCacheState.READER_NOT_STARTED : LatestCacheState.DISABLED;
    }

    /** Serving, or the first reason why not, at {@code nowNanos}. */
    LatestCacheState state(long nowNanos) {
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

    /** Whether held positions may be served now. */
    boolean isServing() {
        return state(System.nanoTime()) == LatestCacheState.SERVING;
    }

    /** Since the last successful read of the writer's positions was sent; NaN before one. */
    double positionsAgeSeconds() {
        return positionsKnown ? (System.nanoTime() - positionsAskedAtNanos) / 1e9 : Double.NaN;
    }

    /** The live reader reads {@code partition} from {@code position} on; it never saw the records before it. */
    public synchronized void started(int partition, long position) {
        started.put(partition, position);
        updateState();
    }

    /** The live reader read the record at {@code offset} of {@code partition}, keyed by {@code driverId}. */
    public synchronized void read(String driverId, int partition, long offset) {
        switch (account(driverId, partition, offset)) {
            case PENDING -> {
            }
            // the writer stored it before this reader got here: the row may have changed already
            case ALREADY_STORED -> entries.changed(Set.of(driverId));
            case OVERFLOW -> {
                log.warn("Latest-position cache: {} pings read but not yet stored by the writer; dropping the"
                        + " cache until it catches up", maxPending);
                entries.dropAll();
                updateState();
            }
        }
    }

    private Read account(String driverId, int partition, long offset) {
        reached.merge(partition, offset + 1, Math::max);
        if (storedKnown && offset < stored.getOrDefault(partition, 0L)) {
            return Read.ALREADY_STORED;
        }
        if (pendingCount >= maxPending) {
            // the writer is down or far behind: start over from here, and wait until it stored all this
            pending.clear();
            pendingCount = 0;
            started.putAll(reached);
            return Read.OVERFLOW;
        }
        pending.computeIfAbsent(partition, key -> new ArrayDeque<>()).add(new Pending(offset, driverId));
        pendingCount++;
        return Read.PENDING;
    }

    /** The live reader read a record with no driver id: the writer stores no row for it. */
    public synchronized void skipped(int partition, long offset) {
        reached.merge(partition, offset + 1, Math::max);
    }

    /** The live reader has read every record before {@code positions}, per partition. */
    public synchronized void reached(Map<Integer, Long> positions) {
        reached.putAll(positions);
        updateState();
    }

    /**
     * What the live reader reported no longer holds (it stopped, or was reassigned): nothing is served, and
     * nothing held is trusted, until it started again. What is known of the writer stays.
     */
    public synchronized void reset() {
        started.clear();
        reached.clear();
        pending.clear();
        pendingCount = 0;
        entries.dropAll();
        updateState();
    }

    /** Pings read by the live reader that the writer has not stored yet. */
    synchronized int pendingCount() {
        return pendingCount;
    }

    /**
     * The writer's stored positions, read by a query sent at {@code askedAtNanos}: drops the entries of the drivers
     * whose remembered records they passed, and every entry when the writer just counted as stalled.
     *
     * @return the drivers dropped while held, to re-read
     */
    synchronized Set<String> writerPositions(Map<Integer, Long> positions, long askedAtNanos) {
        Set<String> passed = store(positions, askedAtNanos);
        positionsAskedAtNanos = askedAtNanos;
        positionsKnown = true;
        Set<String> reread = new HashSet<>();
        for (String driverId : passed) {
            if (entries.holds(driverId)) {
                reread.add(driverId);
            }
        }
        entries.changed(passed);
        updateState();
        boolean stalled = System.nanoTime() - stalledAtNanos >= 0;
        if (stalled && !stallDropped) {
            // rows may be changing without the positions telling: nothing held can be trusted any more
            log.warn("Latest-position cache: the writer's stored positions have not moved for {} while {} pings"
                    + " wait for it; dropping the cache until they move", Duration.ofNanos(stallTimeoutNanos),
                    pendingCount);
            entries.dropAll();
        }
        stallDropped = stalled;
        return reread;
    }

    /** Returns the drivers of the remembered records that {@code positions} passed (their rows may have changed). */
    private Set<String> store(Map<Integer, Long> positions, long askedAtNanos) {
        Map<Integer, Long> previous = stored;
        stored = Map.copyOf(positions);
        storedKnown = true;
        this.askedAtNanos = askedAtNanos;
        Set<String> passed = new HashSet<>();
        pending.forEach((partition, queue) -> {
            long position = positions.getOrDefault(partition, 0L);
            while (!queue.isEmpty() && queue.peekFirst().offset < position) {
                passed.add(queue.pollFirst().driverId);
                pendingCount--;
            }
        });
        Set<Integer> partitions = new HashSet<>(positions.keySet());
        partitions.addAll(started.keySet());
        for (Integer partition : partitions) {
            Long writer = positions.get(partition);
            long live = reached.getOrDefault(partition, started.getOrDefault(partition, 0L));
            boolean moved = !Objects.equals(writer, previous.get(partition));
            boolean owes = live > (writer == null ? 0L : writer);
            if (moved || !owes || !currentAtNanos.containsKey(partition)) {
                currentAtNanos.put(partition, askedAtNanos);
            }
        }
        return passed;
    }

    /** Publishes what {@link #state} answers from. */
    private void updateState() {
        LatestCacheState failing = enabled ? firstBroken() : LatestCacheState.DISABLED;
        if (failing != null && broken == null) {
            // an answer being read now may have raced with what broke the argument
            entries.invalidate();
        }
        trustedUntilNanos = askedAtNanos + trustedForNanos;
        stalledAtNanos = stalledAt();
        broken = failing;
    }

    /**
     * The first condition of the argument that does not hold, leaving out the two bounds in time; null when all
     * hold.
     */
    private @Nullable LatestCacheState firstBroken() {
        if (started.isEmpty()) {
            return LatestCacheState.READER_NOT_STARTED;
        }
        if (!storedKnown) {
            return LatestCacheState.NO_WRITER_POSITIONS;
        }
        if (!started.keySet().containsAll(stored.keySet())) {
            return LatestCacheState.UNFOLLOWED_PARTITION;
        }
        for (Map.Entry<Integer, Long> start : started.entrySet()) {
            if (stored.getOrDefault(start.getKey(), 0L) < start.getValue()) {
                return LatestCacheState.WRITER_BEHIND_START;
            }
        }
        for (Map.Entry<Integer, Long> start : started.entrySet()) {
            long writer = stored.getOrDefault(start.getKey(), 0L);
            if (reached.getOrDefault(start.getKey(), start.getValue()) < writer) {
                return LatestCacheState.READER_BEHIND_WRITER;
            }
        }
        return null;
    }

    /** When the writer counts as stalled unless a read finds it moved (or with nothing to store) before. */
    private long stalledAt() {
        long earliest = askedAtNanos;
        for (long currentAt : currentAtNanos.values()) {
            if (currentAt - earliest < 0) {
                earliest = currentAt;
            }
        }
        return earliest + stallTimeoutNanos;
    }

    private record Pending(long offset, String driverId) {
    }
}
