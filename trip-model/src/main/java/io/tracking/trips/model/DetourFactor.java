package io.tracking.trips.model;

/**
 * How much longer than the straight line a trip really takes, learnt from completed legs. Roads wind and drivers
 * stop, and one factor absorbs both: the ratio of the time a leg took to the straight-line time at the base speed
 * ({@link EtaEstimate#straightLineSeconds()}, the typical speed of the area or the fallback). Measured against the
 * base speed, never the driver's speed at the leg's start, which may be that of a driver still parked at the pickup
 * or waiting at a light and would teach the factor noise. It starts at {@link #INITIAL} (1.3, the usual
 * road-to-crow-flies ratio of a city) and moves by an exponentially weighted average: the nth leg weighs 1/(n + 1)
 * at first (the initial value counting as one leg) so that it learns quickly, then {@link #WEIGHT} so that it follows
 * slow change (seasons, road works) without being thrown by one odd leg.
 *
 * <p>Each leg's ratio and the factor are bounded to {@code [MIN, MAX]}. {@link #MIN} is below 1: the base speed may be
 * only the fallback, a guess, and where drivers close in faster than it the factor must be able to say so; twice as
 * fast as the base speed along the straight line is as far as it trusts that. Legs shorter than
 * {@link #MIN_LEG_METERS} say more about parking than about roads and are ignored. Immutable: the owner decides
 * where the current value lives.
 *
 * @param value the factor, in [{@link #MIN}, {@link #MAX}]
 * @param legs how many legs it has learnt from
 */
public record DetourFactor(double value, long legs) {

    public static final double INITIAL = 1.3;
    public static final double MIN = 0.5;
    public static final double MAX = 2.5;
    public static final double WEIGHT = 0.05;
    public static final double MIN_LEG_METERS = 500;

    public DetourFactor {
        if (!(value >= MIN && value <= MAX) || legs < 0) {
            throw new IllegalArgumentException("detour factor must be in [" + MIN + ", " + MAX + "]");
        }
    }

    /** The factor before any leg is known. */
    public static DetourFactor initial() {
        return new DetourFactor(INITIAL, 0);
    }

    /** The factor having also learnt from {@code leg}; this one if the leg is too short to say anything. */
    public DetourFactor observe(LegObservation leg) {
        if (leg.straightLineMeters() < MIN_LEG_METERS || !(leg.straightLineSeconds() > 0)
                || !(leg.travelledSeconds() > 0)) {
            return this;
        }
        double ratio = clamp(leg.ratio());
        double weight = Math.max(WEIGHT, 1.0 / (legs + 2));
        return new DetourFactor(clamp(value + weight * (ratio - value)), legs + 1);
    }

    private static double clamp(double ratio) {
        return Math.min(MAX, Math.max(MIN, ratio));
    }
}
