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
     * A stay at the stop: the driver entered its arrive radius with {@code entered}, crossing it at
     * {@code enteredAt} (see {@link TripRules#crossing}), and was still inside at {@code decided}, with never two
     * believable fixes in a row outside in between.
     */
    record Dwell(Fix entered, Instant enteredAt, Fix decided) {

        Duration length() {
            return Duration.between(enteredAt, decided.recordedAt());
        }
    }

    /**
     * The longest span between the last fix outside and the first inside that {@link #crossing} interpolates over:
     * a few fix intervals. Across a longer gap nothing says when the driver came in, and the dwell starts with the
     * first fix inside.
     */
    static final Duration MAX_CROSSING_SPAN = Duration.ofSeconds(10);

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
     * The first dwell from {@code from} on that lasted the dwell time: an arrival, which took place at its
     * {@link #dwellEnd}. A dwell is a run of believable fixes inside the stop; one stray fix outside does not end it
     * (accuracy is a radius of confidence, not a bound, and one fix is not a departure), two in a row do. It starts
     * and ends with fixes inside.
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

    /**
     * When {@code dwell}, counted from its first fix inside, lasts the dwell time: the event time of the arrival,
     * whether stream time completed the dwell there or a later fix of the driver showed it, so the same whichever
     * came first.
     */
    Instant dwellEnd(Dwell dwell) {
        return dwell.enteredAt().plus(parameters.dwell());
    }

    /**
     * Whether stream time may complete {@code dwell}, a dwell going on at its last fix: that fix is at most the
     * timer tolerance short of the dwell's end, and the dwell does not look like a drive-by.
     */
    boolean completesByTimer(Dwell dwell) {
        return !dwell.decided().recordedAt().isBefore(dwellEnd(dwell).minus(parameters.arrivalTimerTolerance()))
                && !moving(dwell);
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
        private @Nullable Instant enteredAt;
        private @Nullable Fix previous;
        private @Nullable Fix last;
        private int outside;

        /** Takes the next fix; whether it is inside, so that {@link #dwell()} now ends with it. */
        boolean next(Fix fix) {
            Fix before = previous;
            previous = fix;
            if (!inside(fix)) {
                if (++outside >= 2) {
                    entered = null;
                }
                return false;
            }
            if (entered == null) {
                entered = fix;
                enteredAt = before != null && outside > 0 ? crossing(before, fix) : fix.recordedAt();
            }
            outside = 0;
            last = fix;
            return true;
        }

        Dwell dwell() {
            if (entered == null || enteredAt == null || last == null) {
                throw new IllegalStateException("no fix inside yet");
            }
            return new Dwell(entered, enteredAt, last);
        }
    }

    /**
     * When the driver crossed into the stop between {@code outside}, a fix outside, and {@code inside}, the next
     * fix, inside: where the line between them crosses the arrive radius, by the distances they measure (the
     * fixes are a few seconds apart, the driver moves about straight). The dwell counts from there rather than
     * from the fix inside, which is up to a fix interval late; never earlier than {@code outside}, and the fix
     * inside when they are more than {@link #MAX_CROSSING_SPAN} apart or the fix is inside only by its accuracy.
     */
    Instant crossing(Fix outside, Fix inside) {
        Duration span = Duration.between(outside.recordedAt(), inside.recordedAt());
        double from = outside.distanceTo(point);
        double to = inside.distanceTo(point);
        double radius = parameters.arriveRadiusMeters();
        if (span.compareTo(MAX_CROSSING_SPAN) > 0 || to > radius || from <= radius) {
            return inside.recordedAt();
        }
        double fraction = (from - radius) / (from - to);
        return outside.recordedAt().plusMillis(Math.round(fraction * span.toMillis()));
    }

    /** Beyond {@code radius} even if the fix erred towards the stop by its (capped) accuracy. */
    private boolean beyond(Fix fix, double radius) {
        return fix.distanceTo(point) - parameters.cappedAccuracy(fix) > radius;
    }
}
