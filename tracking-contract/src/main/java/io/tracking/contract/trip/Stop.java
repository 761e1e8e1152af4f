package io.tracking.contract.trip;

/** The two stops of an order's trip, in the order the driver visits them. */
public enum Stop {
    PICKUP,
    DROPOFF
}
