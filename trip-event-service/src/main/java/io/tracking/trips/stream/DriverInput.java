package io.tracking.trips.stream;

import io.tracking.contract.LocationUpdate;

/** What reaches a driver's task: the driver's fixes, and the orders that start or stop concerning the driver. */
sealed interface DriverInput {

    record Assignment(DriverAssignment assignment) implements DriverInput {
    }

    record Ping(LocationUpdate update) implements DriverInput {
    }
}
