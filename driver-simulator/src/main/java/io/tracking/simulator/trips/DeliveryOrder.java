package io.tracking.simulator.trips;

import io.tracking.contract.trip.GeoPoint;

/**
 * One simulated order and the driver assigned to it (one driver per order).
 *
 * @param orderId the order
 * @param driverId its driver
 * @param customerId who ordered (the query service requires one)
 * @param restaurantId who prepares it
 * @param pickup where the driver collects it
 * @param dropoff where the driver delivers it
 */
record DeliveryOrder(String orderId, String driverId, String customerId, String restaurantId, GeoPoint pickup,
        GeoPoint dropoff) {
}
