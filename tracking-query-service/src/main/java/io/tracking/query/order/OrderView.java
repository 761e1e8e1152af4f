package io.tracking.query.order;

import java.time.Instant;

/**
 * An order as stored, returned by the PUT.
 *
 * @param driverAssignedAt when the driver was assigned: its stream never replays a position recorded before
 */
record OrderView(String orderId, String driverId, String customerId, String restaurantId, Coordinates pickup,
        Coordinates dropoff, OrderStatus status, Instant driverAssignedAt) {

    static OrderView of(Order order) {
        return new OrderView(order.orderId(), order.driverId(), order.customerId(), order.restaurantId(),
                order.pickup(), order.dropoff(), order.status(), order.driverAssignedAt());
    }
}
