package io.tracking.query.order;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tracking.contract.trip.TripParameterOverrides;

/**
 * An order as stored, returned by the PUT.
 *
 * @param driverAssignedAt when the driver was assigned: its stream never replays a position recorded before
 * @param tripParameters the order's overrides of the trip parameters, absent when none
 */
record OrderView(String orderId, String driverId, String customerId, String restaurantId, Coordinates pickup,
        Coordinates dropoff, OrderStatus status, Instant driverAssignedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable TripParameterOverrides tripParameters) {

    static OrderView of(Order order) {
        return new OrderView(order.orderId(), order.driverId(), order.customerId(), order.restaurantId(),
                order.pickup(), order.dropoff(), order.status(), order.driverAssignedAt(), order.tripParameters());
    }
}
