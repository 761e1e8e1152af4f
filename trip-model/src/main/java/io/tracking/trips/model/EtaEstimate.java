package io.tracking.trips.model;

/**
 * One ETA and what it was made of, so that evidence and calibration can use the parts.
 *
 * @param distanceMeters the great-circle distance to the stop
 * @param speedMps the blended speed assumed
 * @param detourFactor the detour factor applied
 * @param seconds {@code distanceMeters * detourFactor / speedMps}
 */
public record EtaEstimate(double distanceMeters, double speedMps, double detourFactor, double seconds) {

    /** The straight-line time: the estimate without the detour factor, what {@link DetourFactor} compares with. */
    public double straightLineSeconds() {
        return distanceMeters / speedMps;
    }
}
