package io.tracking.trips.model;

import io.tracking.contract.trip.Stop;

/**
 * A completed leg measured against the ETA's straight-line model: what {@link DetourFactor} learns from.
 *
 * @param stop the stop the leg ended at
 * @param straightLineMeters the great-circle distance from the leg's first estimate to the stop
 * @param straightLineSeconds that distance divided by the first estimate's base speed (no detour factor)
 * @param travelledSeconds the event time from the first estimate to the arrival (entering the stop)
 */
public record LegObservation(Stop stop, double straightLineMeters, double straightLineSeconds,
        double travelledSeconds) {

    /** How much longer the leg took than a straight line at the base speed. */
    public double ratio() {
        return travelledSeconds / straightLineSeconds;
    }
}
