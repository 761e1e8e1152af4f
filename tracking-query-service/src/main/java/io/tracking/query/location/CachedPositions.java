package io.tracking.query.location;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The positions {@link LatestLocationCache} holds, and the generation that keeps a raced database answer out.
 *
 * <p>Every change that may make a held or an in-flight answer wrong ({@link #changed}, {@link #dropAll},
 * {@link #invalidate}) bumps the generation; an answer is kept only when the generation is still the
 * {@link #ticket()} taken before its read was sent, so an answer that raced with a change is never kept. Changes and
 * keeps take this object's monitor, lookups take none.
 */
final class CachedPositions {

    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Bumped under this object's monitor; read without it. */
    private volatile long generation;

    CachedPositions(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The held position of {@code driverId}, marked as read at {@code nowNanos}; null when none is held. */
    @Nullable DriverLocation get(String driverId, long nowNanos) {
        Entry entry = entries.get(driverId);
        if (entry == null) {
            return null;
        }
        entry.lastReadNanos = nowNanos;
        return entry.location;
    }

    /** To take before a database read whose answer may be kept. */
    long ticket() {
        return generation;
    }

    /**
     * Keeps what the database answered, unless something changed since {@code ticket} was taken or the cache does
     * not serve now ({@code serving} is asked under the monitor, after the generation). Keeps nothing beyond
     * {@code max-entries}.
     */
    synchronized void keep(List<DriverLocation> locations, long ticket, BooleanSupplier serving) {
        if (generation != ticket || !serving.getAsBoolean()) {
            return;
        }
        long now = System.nanoTime();
        for (DriverLocation location : locations) {
            if (entries.size() >= maxEntries) {
                return;
            }
            entries.put(location.driverId(), new Entry(location, now));
        }
    }

    /** The rows of {@code driverIds} may have changed: drops them, and any answer being read now. */
    synchronized void changed(Set<String> driverIds) {
        if (driverIds.isEmpty()) {
            return;
        }
        generation++;
        for (String driverId : driverIds) {
            entries.remove(driverId);
        }
    }

    /** No entry can be trusted any more, nor an answer being read now. */
    synchronized void dropAll() {
        generation++;
        entries.clear();
    }

    /** An answer being read now may have raced with something that broke the argument; what is held stays. */
    synchronized void invalidate() {
        generation++;
    }

    boolean holds(String driverId) {
        return entries.containsKey(driverId);
    }

    int size() {
        return entries.size();
    }

    /** Drops the entries nobody read for {@code idleNanos}: dropping needs no new generation. */
    void sweepIdle(long nowNanos, long idleNanos) {
        entries.values().removeIf(entry -> nowNanos - entry.lastReadNanos > idleNanos);
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
