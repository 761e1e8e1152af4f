package io.tracking.trips.stream;

/**
 * Where an open order's snapshots were last routed: its driver, and the version of the snapshot that said so.
 * Value of the {@code order-drivers} store, keyed by order id.
 */
record OrderRoute(String driverId, long version) {
}
