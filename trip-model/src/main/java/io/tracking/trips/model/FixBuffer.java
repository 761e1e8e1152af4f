package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The recent fixes of a driver in event-time order, and the judge of which of them are believable.
 *
 * <p>Fixes are placed by recordedAt, so a fix that comes out of order is evaluated where it belongs. The buffer
 * keeps what the rules can still need: every fix within the retention of the newest one (at least the grace window
 * and a dwell) and, whatever their age, the newest {@link #MIN_KEPT}, so a dwell
 * across a gap in fixes still has both sides; never more than {@link TripState#MAX_FIXES}. A fix at or before an
 * evicted one is late: it can no longer be placed.
 *
 * <p>The {@linkplain #track track} is the believable subsequence: a fix that would need a faster move than the
 * plausible speed from the previous believed fix (accuracies allowed for) is a GPS jump and left out, unless it
 * agrees with the fix left out just before it, in which case the driver really moved (say, out of a tunnel).
 */
final class FixBuffer {

    /** How many of the newest fixes are kept however old they are. */
    static final int MIN_KEPT = 8;

    enum Placement { PLACED, LATE, DUPLICATE }

    private final List<Fix> fixes;
    private @Nullable Instant evictedThrough;
    private @Nullable Fix trackAnchor;

    FixBuffer(List<Fix> fixes, @Nullable Instant evictedThrough, @Nullable Fix trackAnchor) {
        this.fixes = new ArrayList<>(fixes);
        this.evictedThrough = evictedThrough;
        this.trackAnchor = trackAnchor;
    }

    static FixBuffer empty() {
        return new FixBuffer(List.of(), null, null);
    }

    /** Where {@code fix} would go: in the buffer, too late for the grace window, or already there. */
    Placement placement(Fix fix, Duration grace) {
        Instant at = fix.recordedAt();
        Fix newest = newest();
        if (evictedThrough != null && !at.isAfter(evictedThrough)
                || newest != null && at.isBefore(newest.recordedAt().minus(grace))) {
            return Placement.LATE;
        }
        return indexOf(at) >= 0 ? Placement.DUPLICATE : Placement.PLACED;
    }

    /** Adds a fix that {@link #placement} found {@code PLACED}. */
    void add(Fix fix) {
        int index = indexOf(fix.recordedAt());
        if (index >= 0) {
            throw new IllegalStateException("a fix with this recordedAt is already buffered");
        }
        fixes.add(-index - 1, fix);
    }

    @Nullable Fix newest() {
        return fixes.isEmpty() ? null : fixes.get(fixes.size() - 1);
    }

    /** The believable fixes, in event-time order. */
    List<Fix> track(TripParameters parameters) {
        List<Fix> track = new ArrayList<>(fixes.size());
        Fix previous = trackAnchor;
        Fix rejected = null;
        for (Fix fix : fixes) {
            if (previous == null || plausible(previous, fix, parameters)
                    || rejected != null && plausible(rejected, fix, parameters)) {
                track.add(fix);
                previous = fix;
                rejected = null;
            } else {
                rejected = fix;
            }
        }
        return track;
    }

    /**
     * Drops what the rules can no longer need, remembering where the track stood and what is now late.
     *
     * @param track the {@link #track} of the buffer as it is
     * @return the believable fixes dropped, oldest first: final, since no fix at or before them can be placed now
     */
    List<Fix> evict(Duration retention, List<Fix> track) {
        Fix newest = newest();
        if (newest == null) {
            return List.of();
        }
        List<Fix> believable = new ArrayList<>();
        Instant keepFrom = newest.recordedAt().minus(retention);
        while (fixes.size() > MIN_KEPT
                && (fixes.size() > TripState.MAX_FIXES || fixes.get(0).recordedAt().isBefore(keepFrom))) {
            Fix evicted = fixes.remove(0);
            evictedThrough = evicted.recordedAt();
            if (track.contains(evicted)) {
                trackAnchor = evicted;
                believable.add(evicted);
            }
        }
        return believable;
    }

    List<Fix> fixes() {
        return List.copyOf(fixes);
    }

    @Nullable Instant evictedThrough() {
        return evictedThrough;
    }

    @Nullable Fix trackAnchor() {
        return trackAnchor;
    }

    /** Whether going from {@code from} to {@code to} needs no more than the plausible speed. */
    static boolean plausible(Fix from, Fix to, TripParameters parameters) {
        double seconds = Math.abs(Duration.between(from.recordedAt(), to.recordedAt()).toMillis()) / 1000.0;
        double meters = from.distanceTo(to) - parameters.cappedAccuracy(from) - parameters.cappedAccuracy(to);
        return meters <= parameters.maxPlausibleSpeedMps() * Math.max(seconds, 1.0);
    }

    private int indexOf(Instant recordedAt) {
        int low = 0;
        int high = fixes.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = fixes.get(mid).recordedAt().compareTo(recordedAt);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
