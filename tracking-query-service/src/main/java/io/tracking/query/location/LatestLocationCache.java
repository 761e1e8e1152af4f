package io.tracking.query.location;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Latest positions kept in memory only while they provably still are what {@code driver_latest_location} holds, in
 * front of the table, so that a customer app polling its driver does not cost a database round trip per poll.
 *
 * <p>A decorator: it answers from {@link CachedPositions} while {@link WriterProgress} says the argument holds
 * ({@link LatestCacheState#SERVING}), and asks the table it wraps otherwise (every read then goes to the database,
 * as when the cache is disabled), or for what it does not hold; such an answer is kept only if nothing changed
 * during the read. Freshness bound: an entry served at time t is the table's row as of the moment the last
 * successful read of the writer's positions was <em>sent</em>, less than two refresh intervals before t.
 * {@link LatestCacheRefresher} keeps the held entries current; {@link LatestLocationConfiguration} wires the three.
 */
final class LatestLocationCache implements LatestLocations {

    private final LatestLocations table;
    private final WriterProgress progress;
    private final CachedPositions entries;
    private final LatestCacheMetrics metrics;

    LatestLocationCache(LatestLocations table, WriterProgress progress, CachedPositions entries,
            LatestCacheMetrics metrics) {
        this.table = table;
        this.progress = progress;
        this.entries = entries;
        this.metrics = metrics;
    }

    /** Serving, or the first reason why not. */
    LatestCacheState state() {
        return progress.state(System.nanoTime());
    }

    /** From memory when it is known to be current. */
    @Override
    public Optional<DriverLocation> find(String driverId) {
        long now = System.nanoTime();
        if (progress.state(now) != LatestCacheState.SERVING) {
            metrics.bypasses.increment();
            return table.find(driverId);
        }
        DriverLocation held = entries.get(driverId, now);
        if (held != null) {
            metrics.hits.increment();
            return Optional.of(held);
        }
        metrics.misses.increment();
        long ticket = entries.ticket();
        Optional<DriverLocation> location = table.find(driverId);
        location.ifPresent(found -> entries.keep(List.of(found), ticket, progress::isServing));
        return location;
    }

    /** Those in memory, the others in one read of the table. */
    @Override
    public List<DriverLocation> findAll(List<String> driverIds) {
        long now = System.nanoTime();
        if (progress.state(now) != LatestCacheState.SERVING) {
            metrics.bypasses.increment(driverIds.size());
            return table.findAll(driverIds);
        }
        List<DriverLocation> found = new ArrayList<>(driverIds.size());
        List<String> missing = new ArrayList<>();
        for (String driverId : new LinkedHashSet<>(driverIds)) {
            DriverLocation held = entries.get(driverId, now);
            if (held == null) {
                missing.add(driverId);
            } else {
                found.add(held);
            }
        }
        metrics.hits.increment(found.size());
        if (!missing.isEmpty()) {
            metrics.misses.increment(missing.size());
            long ticket = entries.ticket();
            List<DriverLocation> read = table.findAll(missing);
            entries.keep(read, ticket, progress::isServing);
            found.addAll(read);
        }
        return found;
    }
}
