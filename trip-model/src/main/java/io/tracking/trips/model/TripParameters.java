package io.tracking.trips.model;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.TripParameterOverrides;

/**
 * The tunable rules of a trip; the README of this module says why each default is what it is.
 *
 * @param arriveRadiusMeters a fix within this distance of a stop is inside it (before accuracy widening)
 * @param accuracyCapMeters the most a fix's reported accuracy widens the arrive radius (and narrows the exit test):
 *     a fix claiming ±200 m must not make a drive-by an arrival
 * @param dwell how long, by event time, the driver must stay inside a stop to have arrived
 * @param exitRadiusMeters after an arrival, beyond this distance (less the accuracy) the driver has left; larger than
 *     the arrive radius so that jitter at the edge cannot make an arrive/leave storm
 * @param exitConfirmation a departure counts only when at least two consecutive fixes beyond the exit radius span
 *     this long: one GPS jump is never a departure
 * @param approachEta an ETA under this makes the driver approach the next stop
 * @param approachDistanceMeters a distance under this makes the driver approach the next stop
 * @param approachRearmDistanceMeters a driver who approached and then went beyond this distance (two fixes in a row)
 *     may approach again: larger than the approach distance, so hovering around it fires once
 * @param grace how late, by event time, a fix may come and still be placed in order; later ones are counted, not used
 * @param maxPlausibleSpeedMps a fix implying a faster move from the accepted track (accuracy allowed for) is a GPS
 *     jump and is ignored
 * @param arrivalTimerTolerance when stream time passes the end of a dwell, how long before that end the driver's
 *     last fix inside may be: stream time stands in for that much of the dwell so the arrival is not one fix late
 * @param etaInterval the least event time between two published ETAs of a leg (the first ETA of a leg goes out
 *     at once)
 */
public record TripParameters(
        double arriveRadiusMeters,
        double accuracyCapMeters,
        Duration dwell,
        double exitRadiusMeters,
        Duration exitConfirmation,
        Duration approachEta,
        double approachDistanceMeters,
        double approachRearmDistanceMeters,
        Duration grace,
        double maxPlausibleSpeedMps,
        Duration arrivalTimerTolerance,
        Duration etaInterval) {

    public TripParameters {
        require(arriveRadiusMeters > 0, "arriveRadiusMeters must be positive");
        require(accuracyCapMeters >= 0, "accuracyCapMeters must not be negative");
        require(!dwell.isNegative(), "dwell must not be negative");
        require(exitRadiusMeters > arriveRadiusMeters, "exitRadiusMeters must be larger than arriveRadiusMeters");
        require(!exitConfirmation.isNegative(), "exitConfirmation must not be negative");
        require(!approachEta.isNegative(), "approachEta must not be negative");
        require(approachDistanceMeters >= 0, "approachDistanceMeters must not be negative");
        require(approachRearmDistanceMeters > approachDistanceMeters,
                "approachRearmDistanceMeters must be larger than approachDistanceMeters");
        require(!grace.isNegative(), "grace must not be negative");
        require(maxPlausibleSpeedMps > 0, "maxPlausibleSpeedMps must be positive");
        require(!arrivalTimerTolerance.isNegative() && arrivalTimerTolerance.compareTo(dwell) <= 0,
                "arrivalTimerTolerance must be in [0, dwell]");
        require(!etaInterval.isNegative(), "etaInterval must not be negative");
    }

    /**
     * The defaults: a 50 m arrive radius widened by at most 30 m of reported accuracy, 20 s dwell, 120 m exit radius
     * confirmed over 4 s, approaching under 120 s or 500 m (re-armed beyond 1,500 m), 30 s grace, 70 m/s the fastest
     * plausible move, 5 s of timer tolerance, an ETA every 10 s at most.
     */
    public static TripParameters defaults() {
        return new TripParameters(50, 30, Duration.ofSeconds(20), 120, Duration.ofSeconds(4), Duration.ofSeconds(120),
                500, 1_500, Duration.ofSeconds(30), 70, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /**
     * These parameters with an order's overrides applied. An order must never stop the stream, so nothing here
     * throws: an override out of its range (a radius not above 0, a negative time or distance) is ignored, and one
     * that would break an invariant moves the dependent parameter: an arrive radius at or beyond the exit radius
     * pushes the exit radius out by the margin these parameters keep, likewise the re-arm distance for the approach
     * distance, and the timer tolerance never exceeds the dwell.
     */
    public TripParameters withOverrides(@Nullable TripParameterOverrides overrides) {
        if (overrides == null) {
            return this;
        }
        double arrive = positiveOr(overrides.arriveRadiusMeters(), arriveRadiusMeters);
        Duration dwellTime = secondsOr(overrides.dwellSeconds(), dwell);
        double exit = positiveOr(overrides.exitRadiusMeters(), exitRadiusMeters);
        if (exit <= arrive) {
            exit = arrive + (exitRadiusMeters - arriveRadiusMeters);
        }
        Duration eta = secondsOr(overrides.approachEtaSeconds(), approachEta);
        Double approachOverride = overrides.approachDistanceMeters();
        double approach = approachOverride != null && approachOverride >= 0 && Double.isFinite(approachOverride)
                ? approachOverride
                : approachDistanceMeters;
        double rearm = approachRearmDistanceMeters;
        if (rearm <= approach) {
            rearm = approach + (approachRearmDistanceMeters - approachDistanceMeters);
        }
        Duration tolerance = arrivalTimerTolerance.compareTo(dwellTime) > 0 ? dwellTime : arrivalTimerTolerance;
        return new TripParameters(arrive, accuracyCapMeters, dwellTime, exit, exitConfirmation, eta, approach, rearm,
                grace, maxPlausibleSpeedMps, tolerance, etaInterval);
    }

    /** The radius within which {@code fix} is inside a stop: the arrive radius widened by its capped accuracy. */
    double arriveRadiusFor(Fix fix) {
        return arriveRadiusMeters + cappedAccuracy(fix);
    }

    /** The reported accuracy of {@code fix}, at most the cap; 0 when it reported none. */
    double cappedAccuracy(Fix fix) {
        Double accuracy = fix.accuracyMeters();
        return accuracy == null ? 0 : Math.min(Math.max(accuracy, 0), accuracyCapMeters);
    }

    private static double positiveOr(@Nullable Double value, double fallback) {
        return value != null && value > 0 && Double.isFinite(value) ? value : fallback;
    }

    private static Duration secondsOr(@Nullable Integer seconds, Duration fallback) {
        return seconds != null && seconds >= 0 ? Duration.ofSeconds(seconds) : fallback;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
