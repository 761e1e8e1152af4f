package io.tracking.query.order;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.TripParameterOverrides;

/**
 * A delivery order: who ordered, who prepares, who delivers, where from and to, and how far it is.
 *
 * @param customerId compared with the token subject of customers
 * @param restaurantId compared with the token subject of restaurants
 * @param driverAssignedAt when {@code driverId} was assigned to this order (microseconds, as stored). Nothing the
 *        driver recorded before it is replayed through the order: it belongs to the driver's earlier work.
 * @param tripParameters the order's overrides of the trip engine's parameters; null: none
 */
public record Order(
        String orderId,
        String driverId,
        String customerId,
        String restaurantId,
        Coordinates pickup,
        Coordinates dropoff,
        OrderStatus status,
        Instant driverAssignedAt,
        @Nullable TripParameterOverrides tripParameters) {

    /** Customer and restaurant ids are token subjects: a wider alphabet than driver ids, 1 to 128 characters. */
    public static final String PARTY_ID_REGEX = "^[A-Za-z0-9_.@:|-]{1,128}$";

    Order withDriverAssignedAt(Instant assignedAt) {
        return new Order(orderId, driverId, customerId, restaurantId, pickup, dropoff, status, assignedAt,
                tripParameters);
    }
}
