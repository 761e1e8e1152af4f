package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.GeoPoint;

/**
 * The straight-line ETA: great-circle distance × {@link DetourFactor} ÷ speed, where the speed blends the
 * {@link TypicalSpeeds typical speed} of the area at that hour with the driver's own pace on the leg. No map data:
 * the detour factor stands for the roads.
 *
 * <p>The <em>base speed</em> is the typical speed, or {@link #FALLBACK_SPEED_MPS} where history has none. The
 * driver's pace is their {@link LegProgress}: the straight-line metres they gained towards the stop over the last
 * few minutes, times the detour factor (the road metres that took), over the seconds it took. That counts the lights
 * and slow-downs a fix's momentary speed misses, and the bends it does not know of. The two are blended by how much
 * is known: the base speed counts as {@link #BASE_WEIGHT} of the driver's own driving. So a leg's first ETAs are the
 * base speed's, the driver's pace takes over as they drive, and once the pace's memory is full
 * ({@link LegProgress#MEMORY}) the base speed keeps a say of about 2 in 7 — what lies ahead is not only what this
 * driver did in the last minutes. The speed is kept within {@code [MIN_SPEED_MPS, MAX_SPEED_MPS]}: a driver who has
 * not moved for minutes does not have an infinite ETA.
 *
 * <p>The detour factor is learnt from completed legs against the base speed (see {@link DetourFactor}), so for a
 * driver who closes in on the stop as fast as drivers usually do there, both parts of the blend agree.
 *
 * <p>Thread-safe: one estimator serves every trip of an instance; {@link #calibrate} folds completed legs into the
 * shared detour factor.
 */
public final class EtaEstimator {

    /**
     * How much the base speed counts, in seconds of the driver's own progress: two minutes, enough to carry the
     * first ETAs of a leg (a minute of driving can be all red lights), short of the pace's memory so that the
     * driver's pace dominates once it is known.
     */
    public static final Duration BASE_WEIGHT = Duration.ofMinutes(2);
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
     * @param progress the driver's progress towards {@code stop} up to this position, if they are on a leg to it
     */
    public EtaEstimate estimate(double latitude, double longitude, GeoPoint stop, Instant at,
            @Nullable LegProgress progress) {
        double distance = Geo.distanceMeters(latitude, longitude, stop.latitude(), stop.longitude());
        double base = baseSpeed(typicalSpeeds.metersPerSecond(latitude, longitude, at));
        double factor = detourFactor.get().value();
        double speed = progress == null ? base : blend(base, progress, factor);
        return new EtaEstimate(distance, base, speed, factor, distance * factor / speed);
    }

    static double baseSpeed(OptionalDouble typical) {
        double speed = typical.orElse(FALLBACK_SPEED_MPS);
        return Double.isFinite(speed) ? bounded(speed) : FALLBACK_SPEED_MPS;
    }

    /** The base speed and the driver's pace in road metres per second, weighted by the seconds each stands for. */
    static double blend(double base, LegProgress progress, double detourFactor) {
        double baseSeconds = BASE_WEIGHT.toSeconds();
        double speed = (baseSeconds * base + detourFactor * progress.closedMeters())
                / (baseSeconds + progress.seconds());
        return Double.isFinite(speed) ? bounded(speed) : base;
    }

    private static double bounded(double speed) {
        return Math.min(MAX_SPEED_MPS, Math.max(MIN_SPEED_MPS, speed));
    }
}
