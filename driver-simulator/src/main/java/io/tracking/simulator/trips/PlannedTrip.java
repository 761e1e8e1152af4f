package io.tracking.simulator.trips;

import java.util.List;

/**
 * One order's whole trip as planned: the order, what really happened, and the fixes its driver's phone sends.
 *
 * @param order the order and its driver
 * @param truth the true arrival times
 * @param pings the fixes, in the order the phone hands them over ({@link PlannedPing#sendAt()})
 */
record PlannedTrip(DeliveryOrder order, TripTruth truth, List<PlannedPing> pings) {

    PlannedTrip {
        pings = List.copyOf(pings);
    }
}
