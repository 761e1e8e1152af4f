package io.tracking.trips.stream;

/**
 * Tells a driver's task that an order concerns the driver ({@code active}) or no longer does. Keyed by driver id
 * on the internal topic that brings orders to the partition of their driver's fixes.
 */
record DriverAssignment(String orderId, boolean active) {
}
