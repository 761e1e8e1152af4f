package io.tracking.query.location;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How far the live reader read the location topic and how far the batch writer stored it, per partition: which
 * drivers' rows may have changed, and whether together they prove that every other row is still what
 * {@link LatestLocationCache} holds.
 *
 * <p>The argument: only the writer changes {@code driver_latest_location}, in the transaction that moves its stored
 * position past the ping. So while (a) the writer stored everything the reader skipped when it started, (b) the
 * reader read everything the writer stored, and (c) every record the reader read above the writer's position is
 * remembered here ({@link #read}), a row changes only for a driver named by a record that the writer's position
 * then passes ({@link #writerPositions}). Two bounds in time come on top: the writer's positions are only as fresh
 * as the moment their read was <em>asked</em> (the query may see nothing committed before that, so the stamp is
 * taken before it is sent), and a writer whose stored positions stop moving while the reader is ahead of them may
 * be storing under another name: the argument is only trusted for {@code stallTimeout} after the writer last moved
 * or had nothing left to store.
 *
 * <p>Not thread-safe: the cache calls it under its lock. Times are {@link System#nanoTime()} values.
 */
final class WriterProgress {

    /** What {@link #read} found. */
    enum Read {
        /** Remembered until the writer's position passes it. */
        PENDING,
        /** The writer had stored it already: the driver's row may have changed. */
        ALREADY_STORED,
        /** Too many remembered: all forgotten, the reader's positions count as a fresh start. */
        OVERFLOW
    }

    private final int maxPending;
    private final long trustedForNanos;
    private final long stallTimeoutNanos;

    private final Map<Integer, Long> started = new HashMap<>();
    private final Map<Integer, Long> reached = new HashMap<>();
    private final Map<Integer, ArrayDeque<Pending>> pending = new HashMap<>();
    private int pendingCount;
    private Map<Integer, Long> stored = Map.of();
    private boolean storedKnown;
    private long askedAtNanos;
    /** Per partition: when a read of the writer's positions last found it moved, or with nothing left to store. */
    private final Map<Integer, Long> currentAtNanos = new HashMap<>();

    /**
     * @param trustedForNanos how long after it was asked a read of the writer's positions is trusted
     * @param stallTimeoutNanos how long the writer may stand still while the reader is ahead of it
     */
    WriterProgress(int maxPending, long trustedForNanos, long stallTimeoutNanos) {
        this.maxPending = maxPending;
        this.trustedForNanos = trustedForNanos;
        this.stallTimeoutNanos = stallTimeoutNanos;
    }

    void started(int partition, long position) {
        started.put(partition, position);
    }

    /** The reader read a record of {@code driverId}. */
    Read read(String driverId, int partition, long offset) {
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

    /** The reader read a record with no driver id: the writer stores no row for it. */
    void skipped(int partition, long offset) {
        reached.merge(partition, offset + 1, Math::max);
    }

    void reached(Map<Integer, Long> positions) {
        reached.putAll(positions);
    }

    /** What the reader reported no longer holds; what is known of the writer stays. */
    void reset() {
        started.clear();
        reached.clear();
        pending.clear();
        pendingCount = 0;
    }

    int pendingCount() {
        return pendingCount;
    }

    /**
     * The writer's stored positions, read by a query sent at {@code askedAtNanos}; returns the drivers of the
     * remembered records they passed (their rows may have changed).
     */
    Set<String> writerPositions(Map<Integer, Long> positions, long askedAtNanos) {
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

    /**
     * The first condition of the argument that does not hold, leaving out the two bounds in time; null when all
     * hold.
     */
    @Nullable LatestCacheState broken() {
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

    /** Until when the last successful read of the writer's positions is trusted (meaningless before one). */
    long trustedUntilNanos() {
        return askedAtNanos + trustedForNanos;
    }

    /** When the writer counts as stalled unless a read finds it moved (or with nothing to store) before. */
    long stalledAtNanos() {
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
