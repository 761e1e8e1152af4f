package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import io.tracking.contract.trip.GeoPoint;

/**
 * ETAs from the fixes of a track. The driver's recent speed at a fix is read from the track itself, over the
 * {@link #SPEED_WINDOW} before it: the mean of the reported speeds, or else the net move across the window (when
 * it spans at least {@link #MIN_SPAN}, so that a parked phone's jitter does not read as speed). So a fix's ETA
 * depends on the fixes around it in event time, not on the order they came in.
 */
final class TrackEtas {

    /** How far back the recent speed looks; within the grace window, so the buffer always holds it. */
    static final Duration SPEED_WINDOW = Duration.ofSeconds(30);

    /** The shortest span a net move is measured over when the phone reports no speed. */
    static final Duration MIN_SPAN = Duration.ofSeconds(10);

    private final List<Fix> track;
    private final EtaEstimator estimator;

    TrackEtas(List<Fix> track, EtaEstimator estimator) {
        this.track = track;
        this.estimator = estimator;
    }

    /** The ETA from {@code fix}, one of the track's, to {@code stop}. */
    EtaEstimate from(Fix fix, GeoPoint stop) {
        return estimator.estimate(fix.latitude(), fix.longitude(), stop, fix.recordedAt(), recentSpeed(fix));
    }

    /** Whether the ETA from {@code fix} to {@code stop} is under {@code seconds}; cheap when it plainly is not. */
    boolean under(Fix fix, GeoPoint stop, double seconds) {
        return fix.distanceTo(stop) < estimator.reachableMeters(seconds) && from(fix, stop).seconds() < seconds;
    }

    /** The driver's ground speed over the window up to {@code fix}, if the track says. */
    OptionalDouble recentSpeed(Fix fix) {
        Instant from = fix.recordedAt().minus(SPEED_WINDOW);
        Fix oldest = null;
        double reportedSum = 0;
        int reported = 0;
        for (Fix other : track) {
            if (other.recordedAt().isBefore(from) || other.recordedAt().isAfter(fix.recordedAt())) {
                continue;
            }
            if (oldest == null) {
                oldest = other;
            }
            if (other.speedMps() != null) {
                reportedSum += other.speedMps();
                reported++;
            }
        }
        if (reported > 0) {
            return OptionalDouble.of(reportedSum / reported);
        }
        if (oldest == null) {
            return OptionalDouble.empty();
        }
        Duration span = Duration.between(oldest.recordedAt(), fix.recordedAt());
        return span.compareTo(MIN_SPAN) < 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(oldest.distanceTo(fix) / (span.toMillis() / 1000.0));
    }
}
