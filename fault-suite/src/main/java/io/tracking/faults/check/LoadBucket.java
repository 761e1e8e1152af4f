package io.tracking.faults.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.tracking.faults.load.PingAttempt;

/**
 * What the load saw in one slice of time, by when the requests started: the shape of a scenario at a glance (when
 * the 503s came, when pings were accepted again, when the pings were sent that were stored though refused).
 *
 * @param fromSecond start of the slice, seconds since the load started
 * @param sent requests started in the slice
 * @param accepted of which answered 202
 * @param unavailable of which answered 503
 * @param otherErrors of which failed otherwise (other status, refused connection, timeout)
 * @param storedUnaccepted of which not answered 202 but stored
 */
public record LoadBucket(double fromSecond, long sent, long accepted, long unavailable, long otherErrors,
        long storedUnaccepted) {

    /** Slices of {@code width} from {@code originNanos} up to the last request; empty slices included. */
    public static List<LoadBucket> of(Collection<PingAttempt> attempts, Set<PingAttempt> storedUnaccepted,
            long originNanos, Duration width) {
        long widthNanos = width.toNanos();
        int slices = 0;
        for (PingAttempt attempt : attempts) {
            slices = Math.max(slices, slice(attempt, originNanos, widthNanos) + 1);
        }
        long[][] counts = new long[slices][5];
        for (PingAttempt attempt : attempts) {
            long[] slice = counts[slice(attempt, originNanos, widthNanos)];
            slice[0]++;
            if (attempt.accepted()) {
                slice[1]++;
            } else if (attempt.status() == 503) {
                slice[2]++;
            } else {
                slice[3]++;
            }
            if (storedUnaccepted.contains(attempt)) {
                slice[4]++;
            }
        }
        List<LoadBucket> buckets = new ArrayList<>(slices);
        for (int i = 0; i < slices; i++) {
            long[] c = counts[i];
            buckets.add(new LoadBucket(i * widthNanos / 1e9, c[0], c[1], c[2], c[3], c[4]));
        }
        return buckets;
    }

    private static int slice(PingAttempt attempt, long originNanos, long widthNanos) {
        return (int) Math.max(0, (attempt.startNanos() - originNanos) / widthNanos);
    }
}
