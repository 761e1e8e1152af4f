package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.GeoPoint;

/**
 * The rules of a trip as searches over the believable track in event-time order, each answering the earliest fix
 * that satisfies it. Because they read the sorted track rather than the order fixes came in, a fix that comes out
 * of order within the grace window leads to the same decision at the same event time as if it had come in order.
 */
final class TripRules {

    /** Above this (reported, or net over a dwell) the driver is passing by, not parked: stream time waits. */
    static final double MOVING_SPEED_MPS = 4.0;

    /**
     * A stay at the stop: the driver entered its arrive radius with {@code entered} and was still inside at
     * {@code decided}, with never two believable fixes in a row outside in between.
     */
    record Dwell(Fix entered, Fix decided) {

        Duration length() {
            return Duration.between(entered.recordedAt(), decided.recordedAt());
        }
    }

    /** A departure: {@code first} was the first fix beyond the exit radius, {@code confirmed} the one confirming it. */
    record Departure(Fix first, Fix confirmed) {
    }

    private final TripParameters parameters;
    private final GeoPoint point;

    /** The rules about the stop at {@code point}. */
    TripRules(TripParameters parameters, GeoPoint point) {
        this.parameters = parameters;
        this.point = point;
    }

    /** The first fix from {@code from} on within the approach distance or ETA (or inside the stop already). */
    @Nullable Fix approach(List<Fix> track, Instant from, TrackEtas etas) {
        for (Fix fix : track) {
            if (!fix.recordedAt().isBefore(from) && approaching(fix, etas)) {
                return fix;
            }
        }
        return null;
    }

    /**
     * The fix confirming that the driver went back out of reach after {@code after}, two fixes in a row: beyond the
     * re-arm distance and with an ETA over twice the approach ETA. Both conditions of approaching get their margin:
     * a fast driver approaches by ETA far beyond the re-arm distance, and must not approach again at every fix.
     */
    @Nullable Fix rearm(List<Fix> track, Instant after, TrackEtas etas) {
        double rearmEtaSeconds = 2 * parameters.approachEta().toMillis() / 1000.0;
        boolean previousBeyond = false;
        for (Fix fix : track) {
            if (!fix.recordedAt().isAfter(after)) {
                continue;
            }
            boolean beyond = beyond(fix, parameters.approachRearmDistanceMeters())
                    && !etas.under(fix, point, rearmEtaSeconds);
            if (beyond && previousBeyond) {
                return fix;
            }
            previousBeyond = beyond;
        }
        return null;
    }

    /**
     * The first dwell from {@code from} on that lasted the dwell time: an arrival. A dwell is a run of believable
     * fixes inside the stop; one stray fix outside does not end it (accuracy is a radius of confidence, not a
     * bound, and one fix is not a departure), two in a row do. It starts and ends with fixes inside.
     */
    @Nullable Dwell arrival(List<Fix> track, Instant from) {
        DwellScan scan = new DwellScan();
        for (Fix fix : track) {
            if (!fix.recordedAt().isBefore(from) && scan.next(fix)) {
                Dwell dwell = scan.dwell();
                if (dwell.length().compareTo(parameters.dwell()) >= 0) {
                    return dwell;
                }
            }
        }
        return null;
    }

    /** The dwell still going on at the newest believable fix (from {@code from} on), if that fix is inside. */
    @Nullable Dwell pendingDwell(List<Fix> track, Instant from) {
        DwellScan scan = new DwellScan();
        boolean lastInside = false;
        for (Fix fix : track) {
            if (!fix.recordedAt().isBefore(from)) {
                lastInside = scan.next(fix);
            }
        }
        return lastInside ? scan.dwell() : null;
    }

    /**
     * The first departure after {@code after}: consecutive believable fixes beyond the exit radius (less their
     * accuracy), at least two, spanning the exit confirmation.
     */
    @Nullable Departure departure(List<Fix> track, Instant after) {
        Fix first = null;
        for (Fix fix : track) {
            if (!fix.recordedAt().isAfter(after)) {
                continue;
            }
            if (!beyond(fix, parameters.exitRadiusMeters())) {
                first = null;
            } else if (first == null) {
                first = fix;
            } else if (Duration.between(first.recordedAt(), fix.recordedAt())
                    .compareTo(parameters.exitConfirmation()) >= 0) {
                return new Departure(first, fix);
            }
        }
        return null;
    }

    /** Whether the dwell looks like a drive-by rather than a stop: stream time may not stand in for its end. */
    boolean moving(Dwell dwell) {
        Fix entered = dwell.entered();
        Fix last = dwell.decided();
        if (last.speedMps() != null && last.speedMps() > MOVING_SPEED_MPS) {
            return true;
        }
        double seconds = Math.max(1.0, dwell.length().toMillis() / 1000.0);
        double meters = entered.distanceTo(last) - parameters.cappedAccuracy(entered) - parameters.cappedAccuracy(last);
        return meters / seconds > MOVING_SPEED_MPS;
    }

    private boolean inside(Fix fix) {
        return fix.distanceTo(point) <= parameters.arriveRadiusFor(fix);
    }

    private boolean approaching(Fix fix, TrackEtas etas) {
        return fix.distanceTo(point) <= Math.max(parameters.approachDistanceMeters(), parameters.arriveRadiusFor(fix))
                || etas.under(fix, point, parameters.approachEta().toMillis() / 1000.0);
    }

    /** Follows the dwell along the track, fix after fix. */
    private final class DwellScan {

        private @Nullable Fix entered;
        private @Nullable Fix last;
        private int outside;

        /** Takes the next fix; whether it is inside, so that {@link #dwell()} now ends with it. */
        boolean next(Fix fix) {
            if (!inside(fix)) {
                if (++outside >= 2) {
                    entered = null;
                }
                return false;
            }
            outside = 0;
            if (entered == null) {
                entered = fix;
            }
            last = fix;
            return true;
        }

        Dwell dwell() {
            if (entered == null || last == null) {
                throw new IllegalStateException("no fix inside yet");
            }
            return new Dwell(entered, last);
        }
    }

    /** Beyond {@code radius} even if the fix erred towards the stop by its (capped) accuracy. */
    private boolean beyond(Fix fix, double radius) {
        return fix.distanceTo(point) - parameters.cappedAccuracy(fix) > radius;
    }
}
