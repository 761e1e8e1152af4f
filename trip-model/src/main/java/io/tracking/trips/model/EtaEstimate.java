package io.tracking.trips.model;

/**
 * One ETA and what it was made of, so that evidence and calibration can use the parts.
 *
 * @param distanceMeters the great-circle distance to the stop
 * @param baseSpeedMps the speed the estimate starts from: the typical speed of the area and hour, or the fallback
 * @param speedMps the speed assumed: the base speed blended with the driver's pace on the leg
 * @param detourFactor the detour factor applied
 * @param seconds {@code distanceMeters * detourFactor / speedMps}
 */
public record EtaEstimate(double distanceMeters, double baseSpeedMps, double speedMps, double detourFactor,
        double seconds) {

    /**
     * The straight-line time at the base speed: what {@link DetourFactor} compares a leg's duration with. Not at the
     * blended speed: the factor calibrates what the estimate assumes before it knows anything of the driver, and the
     * driver's pace at a leg's first fix is that of a driver who may still be parked or waiting at a light.
     */
    public double straightLineSeconds() {
        return distanceMeters / baseSpeedMps;
    }
}
