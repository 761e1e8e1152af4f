package io.tracking.trips.stream;

import io.tracking.contract.LocationUpdate;

/**
 * A driver's fix on its way to one of the driver's open orders, with the coordinates of the record it came in:
 * the evidence an event quotes. Keyed by order id on the internal topic that brings fixes to their orders.
 */
record OrderFix(LocationUpdate update, int partition, long offset) {
}
