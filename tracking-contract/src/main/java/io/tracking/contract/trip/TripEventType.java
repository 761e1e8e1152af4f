package io.tracking.contract.trip;

import org.jspecify.annotations.Nullable;

/** What happened on an order's trip; each happens at most once per visit (or per assignment). */
public enum TripEventType {
    /** The order got its first driver. */
    DRIVER_ASSIGNED(null),
    /** The order was reassigned; the trip restarts for the new driver. */
    DRIVER_CHANGED(null),
    APPROACHING_PICKUP(Stop.PICKUP),
    ARRIVED_AT_PICKUP(Stop.PICKUP),
    LEFT_PICKUP(Stop.PICKUP),
    APPROACHING_DROPOFF(Stop.DROPOFF),
    ARRIVED_AT_DROPOFF(Stop.DROPOFF);

    private final @Nullable Stop stop;

    TripEventType(@Nullable Stop stop) {
        this.stop = stop;
    }

    /** The stop this kind of event is about; null for the assignment events. */
    public @Nullable Stop stop() {
        return stop;
    }
}
