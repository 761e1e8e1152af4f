package io.tracking.trips.model;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

import io.tracking.contract.trip.GeoPoint;

/**
 * The straight-line ETA: great-circle distance × {@link DetourFactor} ÷ speed, where the speed blends the driver's
 * recent speed with the {@link TypicalSpeeds typical speed} of the area at that hour. No map data: the detour factor
 * stands for the roads.
 *
 * <p>The blend is an even mix when both are known: the recent speed reacts to this driver and this trip, the typical
 * speed to what lies ahead, and neither alone is a good guess ten minutes out. With only one of them that one is
 * used, with neither {@link #FALLBACK_SPEED_MPS}. The speed is kept within {@code [MIN_SPEED_MPS, MAX_SPEED_MPS]}: a
 * driver stopped at a light does not have an infinite ETA.
 *
 * <p>Thread-safe: one estimator serves every trip of an instance; {@link #calibrate} folds completed legs into the
 * shared detour factor.
 */
public final class EtaEstimator {

    /** The weight of the driver's recent speed when the typical speed is also known. */
    public static final double RECENT_WEIGHT = 0.5;
    /** An urban driving speed (about 22 km/h) for when nothing better is known. */
    public static final double FALLBACK_SPEED_MPS = 6.0;
    public static final double MIN_SPEED_MPS = 2.0;
    public static final double MAX_SPEED_MPS = 35.0;

    private final TypicalSpeeds typicalSpeeds;
    private final AtomicReference<DetourFactor> detourFactor;

    public EtaEstimator(TypicalSpeeds typicalSpeeds, DetourFactor detourFactor) {
        this.typicalSpeeds = typicalSpeeds;
        this.detourFactor = new AtomicReference<>(detourFactor);
    }

    /** An estimator with no history of typical speeds and the initial detour factor. */
    public static EtaEstimator withoutHistory() {
        return new EtaEstimator(TypicalSpeeds.NONE, DetourFactor.initial());
    }

    /** The detour factor now. */
    public DetourFactor detourFactor() {
        return detourFactor.get();
    }

    /** Learns from a completed leg; returns the new detour factor. */
    public DetourFactor calibrate(LegObservation leg) {
        return detourFactor.updateAndGet(factor -> factor.observe(leg));
    }

    /**
     * The farthest a stop can be and still have an ETA under {@code seconds}: no estimate is faster than
     * {@link #MAX_SPEED_MPS} on a straight line. Lets callers skip estimates that cannot matter.
     */
    public double reachableMeters(double seconds) {
        return seconds * MAX_SPEED_MPS / detourFactor.get().value();
    }

    /**
     * The ETA from a position at event time {@code at} to {@code stop}.
     *
     * @param recentSpeedMps the driver's recent ground speed, if known
     */
    public EtaEstimate estimate(double latitude, double longitude, GeoPoint stop, Instant at,
            OptionalDouble recentSpeedMps) {
        double distance = Geo.distanceMeters(latitude, longitude, stop.latitude(), stop.longitude());
        double speed = blend(recentSpeedMps, typicalSpeeds.metersPerSecond(latitude, longitude, at));
        double factor = detourFactor.get().value();
        return new EtaEstimate(distance, speed, factor, distance * factor / speed);
    }

    static double blend(OptionalDouble recent, OptionalDouble typical) {
        double speed;
        if (recent.isPresent() && typical.isPresent()) {
            speed = RECENT_WEIGHT * recent.getAsDouble() + (1 - RECENT_WEIGHT) * typical.getAsDouble();
        } else if (recent.isPresent()) {
            speed = recent.getAsDouble();
        } else if (typical.isPresent()) {
            speed = typical.getAsDouble();
        } else {
            speed = FALLBACK_SPEED_MPS;
        }
        return Double.isFinite(speed) ? Math.min(MAX_SPEED_MPS, Math.max(MIN_SPEED_MPS, speed)) : FALLBACK_SPEED_MPS;
    }
}
