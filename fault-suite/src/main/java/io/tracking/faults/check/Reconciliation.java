package io.tracking.faults.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tracking.faults.load.PingAttempt;

/**
 * What the scenario's clients were told against what PostgreSQL holds, for one driver-id prefix.
 *
 * <p>A ping is identified by {@code (driverId, recordedAt)}, the history's primary key. Lost: answered 202, not
 * stored. Duplicated: stored more than once. A row that matches no ping sent, or whose coordinates differ from what
 * was sent, is a failure of its own ({@link #mismatched}).
 *
 * <p>A ping the client did not see accepted (a 503, a timeout) may be stored all the same: Kafka can take a record
 * after the ingest service stopped waiting for it, and no broker can promise otherwise. A 503 promises only "not
 * confirmed, send it again", and sending it again is harmless because it is stored once. Such rows are counted in
 * {@link #storedUnaccepted} and reported, not failed.
 *
 * @param sent requests made, one ping each
 * @param accepted pings answered 202
 * @param stored history rows of the prefix
 * @param lost accepted pings with no history row
 * @param duplicateRows history rows beyond the first for one key (impossible while the primary key holds)
 * @param storedUnaccepted history rows of pings that were sent but not answered 202 (not a failure, see above)
 * @param mismatched history rows that match no ping sent, or whose coordinates differ from what was sent
 * @param drivers drivers with a ping accepted (or stored though refused): whose latest position is checked
 * @param latestMismatches drivers whose {@code driver_latest_location} row is missing or is not the ping
 *        {@link #expectedLatest} names, plus latest rows of drivers that had no ping accepted or stored
 * @param unacceptedByOutcome what the client was told for each stored-but-unaccepted ping ({@code http-503},
 *        {@code HttpTimeoutException})
 * @param lostSample up to {@value #SAMPLE_SIZE} lost pings as {@code driverId@recordedAt} (ids and times only:
 *        coordinates are personal data)
 * @param latestSample up to {@value #SAMPLE_SIZE} drivers whose latest position is wrong
 */
public record Reconciliation(long sent, long accepted, long stored, long lost, long duplicateRows,
        long storedUnaccepted, long mismatched, long drivers, long latestMismatches,
        Map<String, Long> unacceptedByOutcome, List<String> lostSample, List<String> latestSample) {

    static final int SAMPLE_SIZE = 10;

    private record Key(String driverId, Instant recordedAt) {

        static Key of(PingAttempt attempt) {
            return new Key(attempt.driverId(), attempt.recordedAt());
        }

        static Key of(StoredPing row) {
            return new Key(row.driverId(), row.recordedAt());
        }

        @Override
        public String toString() {
            return driverId + "@" + recordedAt;
        }
    }

    /**
     * Reconciles the attempts of a scenario with the rows stored for its drivers.
     *
     * @param attempts every request the load made
     * @param history the {@code location_history} rows of the scenario's drivers
     * @param latest the {@code driver_latest_location} rows of the scenario's drivers
     */
    public static Reconciliation of(Collection<PingAttempt> attempts, Collection<StoredPing> history,
            Collection<StoredPing> latest) {
        Map<Key, PingAttempt> accepted = new HashMap<>();
        Map<Key, PingAttempt> refused = new HashMap<>();
        for (PingAttempt attempt : attempts) {
            if (attempt.accepted()) {
                accepted.put(Key.of(attempt), attempt);
            } else {
                refused.put(Key.of(attempt), attempt);
            }
        }

        Map<Key, Integer> rowsPerKey = new HashMap<>();
        long duplicateRows = 0;
        long storedUnaccepted = 0;
        long mismatched = 0;
        Map<String, Long> unacceptedByOutcome = new TreeMap<>();
        for (StoredPing row : history) {
            Key key = Key.of(row);
            if (rowsPerKey.merge(key, 1, Integer::sum) > 1) {
                duplicateRows++;
                continue;
            }
            PingAttempt sentPing = accepted.get(key);
            if (sentPing == null) {
                sentPing = refused.get(key);
                if (sentPing != null) {
                    storedUnaccepted++;
                    unacceptedByOutcome.merge(sentPing.outcome(), 1L, Long::sum);
                }
            }
            if (sentPing == null || !row.samePingAs(sentPing.driverId(), sentPing.recordedAt(), sentPing.latitude(),
                    sentPing.longitude())) {
                mismatched++;
            }
        }

        List<String> lostKeys = accepted.keySet().stream()
                .filter(key -> !rowsPerKey.containsKey(key))
                .sorted(Comparator.comparing(Key::driverId).thenComparing(Key::recordedAt))
                .map(Key::toString)
                .toList();

        Map<String, PingAttempt> expectedLatest = expectedLatest(attempts, history);
        Map<String, StoredPing> latestByDriver = new HashMap<>();
        for (StoredPing row : latest) {
            latestByDriver.put(row.driverId(), row);
        }
        List<String> wrongLatest = new ArrayList<>();
        expectedLatest.forEach((driverId, newest) -> {
            StoredPing row = latestByDriver.get(driverId);
            if (row == null || !row.samePingAs(newest.driverId(), newest.recordedAt(), newest.latitude(),
                    newest.longitude())) {
                wrongLatest.add(driverId);
            }
        });
        latestByDriver.keySet().stream().filter(driverId -> !expectedLatest.containsKey(driverId))
                .forEach(wrongLatest::add);
        wrongLatest.sort(Comparator.naturalOrder());

        return new Reconciliation(attempts.size(), accepted.size(), history.size(), lostKeys.size(), duplicateRows,
                storedUnaccepted, mismatched, expectedLatest.size(), wrongLatest.size(), unacceptedByOutcome,
                lostKeys.stream().limit(SAMPLE_SIZE).toList(), wrongLatest.stream().limit(SAMPLE_SIZE).toList());
    }

    /**
     * The ping each driver's latest position must show: its newest accepted ping by {@code recordedAt}, unless a
     * newer ping of the driver was refused yet stored anyway (see {@link #storedUnaccepted}): the writer rightly shows
     * that one.
     */
    public static Map<String, PingAttempt> expectedLatest(Collection<PingAttempt> attempts,
            Collection<StoredPing> history) {
        Set<PingAttempt> storedButRefused = storedButRefused(attempts, history);
        Map<String, PingAttempt> newest = new HashMap<>();
        for (PingAttempt attempt : attempts) {
            if (attempt.accepted() || storedButRefused.contains(attempt)) {
                newest.merge(attempt.driverId(), attempt, (a, b) -> b.recordedAt().isAfter(a.recordedAt()) ? b : a);
            }
        }
        return newest;
    }

    /**
     * The attempts that were not answered 202 but whose ping is stored anyway (what {@link #storedUnaccepted()}
     * counts), to see when they happened.
     */
    public static Set<PingAttempt> storedButRefused(Collection<PingAttempt> attempts, Collection<StoredPing> history) {
        Set<Key> stored = new HashSet<>();
        for (StoredPing row : history) {
            stored.add(Key.of(row));
        }
        Set<PingAttempt> refused = new HashSet<>();
        for (PingAttempt attempt : attempts) {
            if (!attempt.accepted() && stored.contains(Key.of(attempt))) {
                refused.add(attempt);
            }
        }
        return refused;
    }

    /** Pings stored more than once: must be 0. */
    public long duplicated() {
        return duplicateRows;
    }

    /** Nothing accepted is missing: neither a history row nor the right latest position (waiting may still help). */
    public boolean complete() {
        return lost == 0 && latestMismatches == 0;
    }

    /** Nothing lost, nothing extra, every driver's latest position right. */
    public boolean clean() {
        return lost == 0 && duplicated() == 0 && mismatched == 0 && latestMismatches == 0;
    }
}
