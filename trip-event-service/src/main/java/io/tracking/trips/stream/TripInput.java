package io.tracking.trips.stream;

import io.tracking.contract.trip.OrderSnapshot;

/** What reaches an order's task: the order's snapshots, and the fixes of its driver. */
sealed interface TripInput {

    record Order(OrderSnapshot order) implements TripInput {
    }

    record Located(OrderFix fix) implements TripInput {
    }
}
