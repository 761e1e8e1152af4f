package io.tracking.query.order;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tracking.query.location.LocationView;
import io.tracking.query.trip.TripEventView;

/**
 * Where an order's driver is.
 *
 * @param pickup where the order is picked up: the restaurant, which its customer and restaurant know already
 * @param dropoff where it is delivered: the customer's address, likewise known to both
 * @param driver the driver's latest position; absent while none is known
 * @param distanceToPickupMeters great-circle distance from the driver to the pickup point, when known
 * @param distanceToDropoffMeters great-circle distance from the driver to the drop-off point, when known
 * @param eta when the driver is expected at the next stop; absent when no current estimate exists
 * @param events the order's trip events so far, in event-time order (empty before the first)
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
        @Nullable Double distanceToDropoffMeters,
        @Nullable EtaView eta,
        List<TripEventView> events) {
}
