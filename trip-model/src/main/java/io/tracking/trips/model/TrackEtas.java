package io.tracking.trips.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.GeoPoint;

/**
 * ETAs from the fixes of a track. On a leg, the driver's {@link LegProgress} at a fix is the trip's stored progress
 * (the leg's fixes already evicted from the buffer) followed by the leg's believable fixes in the buffer up to that
 * fix, folded in event-time order. The evicted part is final (a fix at or before an evicted one is late), so a fix's
 * ETA depends on the fixes before it in event time, not on the order they came in.
 */
final class TrackEtas {

    private final List<Fix> track;
    private final EtaEstimator estimator;
    private final @Nullable Leg leg;
    /** The progress at each fix of the track, folded on first use: the rules ask for the ETAs of many in turn. */
    private @Nullable List<@Nullable LegProgress> progressAlongTrack;

    /**
     * The leg the driver is on, if any: the stop it heads for, the event time it began, and its progress through
     * the fixes evicted from the buffer (null when none was).
     */
    record Leg(GeoPoint stop, Instant since, @Nullable LegProgress evicted) {
    }

    TrackEtas(List<Fix> track, EtaEstimator estimator, @Nullable Leg leg) {
        this.track = track;
        this.estimator = estimator;
        this.leg = leg;
    }

    /** The ETA from {@code fix}, one of the track's, to {@code stop}. */
    EtaEstimate from(Fix fix, GeoPoint stop) {
        LegProgress progress = leg != null && leg.stop().equals(stop) ? progress(leg, fix) : null;
        return estimator.estimate(fix.latitude(), fix.longitude(), stop, fix.recordedAt(), progress);
    }

    /** Whether the ETA from {@code fix} to {@code stop} is under {@code seconds}; cheap when it plainly is not. */
    boolean under(Fix fix, GeoPoint stop, double seconds) {
        return fix.distanceTo(stop) < estimator.reachableMeters(seconds) && from(fix, stop).seconds() < seconds;
    }

    /** The progress on {@code leg} up to {@code fix}; null if the leg has no fix up to it. */
    private @Nullable LegProgress progress(Leg leg, Fix fix) {
        List<@Nullable LegProgress> along = progressAlongTrack;
        if (along == null) {
            along = new ArrayList<>(track.size());
            LegProgress progress = leg.evicted();
            for (Fix other : track) {
                progress = fold(progress, leg, other);
                along.add(progress);
            }
            progressAlongTrack = along;
        }
        LegProgress progress = leg.evicted();
        for (int i = 0; i < track.size() && !track.get(i).recordedAt().isAfter(fix.recordedAt()); i++) {
            progress = along.get(i);
        }
        return progress;
    }

    /**
     * {@code progress} having also taken {@code fix}, if it belongs to {@code leg} and is newer than what it holds:
     * the one fold of a fix into the progress, for the buffer's fixes here and the evicted ones in the state alike.
     */
    static @Nullable LegProgress fold(@Nullable LegProgress progress, Leg leg, Fix fix) {
        if (fix.recordedAt().isBefore(leg.since())
                || progress != null && !fix.recordedAt().isAfter(progress.at())) {
            return progress;
        }
        double distance = fix.distanceTo(leg.stop());
        return progress == null
                ? LegProgress.startingAt(fix.recordedAt(), distance)
                : progress.then(fix.recordedAt(), distance);
    }
}
