package io.tracking.simulator.trips;

import java.time.Instant;
import java.util.List;

import io.tracking.contract.trip.Stop;

/**
 * What really happened on one order's trip, written with {@code --ground-truth}: the times only, never positions.
 *
 * @param orderId the order
 * @param driverId its driver
 * @param pickupArrival when the driver entered the pickup's arrive radius (50 m) and stayed
 * @param pickupDeparture when the driver drove off from the pickup
 * @param dropoffArrival when the driver entered the drop-off's arrive radius and stayed
 * @param driveBys passes of a stop within 10–30 m without stopping, before the real arrival there
 */
public record TripTruth(String orderId, String driverId, Instant pickupArrival, Instant pickupDeparture,
        Instant dropoffArrival, List<DriveBy> driveBys) {

    public TripTruth {
        driveBys = List.copyOf(driveBys);
    }

    /** The true arrival at {@code stop}. */
    public Instant arrival(Stop stop) {
        return stop == Stop.PICKUP ? pickupArrival : dropoffArrival;
    }

    /**
     * A pass of a stop without stopping, e.g. a missed entrance: the driver drives on and comes back.
     *
     * @param stop the stop passed
     * @param at when the driver was closest to it
     * @param closestMeters how close the driver came
     * @param speedMps how fast the driver was going then
     */
    public record DriveBy(Stop stop, Instant at, double closestMeters, double speedMps) {
    }
}
