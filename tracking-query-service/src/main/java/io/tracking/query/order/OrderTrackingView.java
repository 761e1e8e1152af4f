package io.tracking.query.order;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tracking.query.location.LocationView;

/**
 * Where an order's driver is.
 *
 * @param pickup where the order is picked up: the restaurant, which its customer and restaurant know already
 * @param dropoff where it is delivered: the customer's address, likewise known to both
 * @param driver the driver's latest position; absent while none is known
 * @param distanceToPickupMeters great-circle distance from the driver to the pickup point, when known
 * @param distanceToDropoffMeters great-circle distance from the driver to the drop-off point, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderTrackingView(
        String orderId,
        OrderStatus status,
        String driverId,
        Coordinates pickup,
        Coordinates dropoff,
        @Nullable LocationView driver,
        @Nullable Double distanceToPickupMeters,
        @Nullable Double distanceToDropoffMeters) {
}
