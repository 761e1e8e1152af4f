package io.tracking.contract.trip;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state of one order after a change, as published on {@link io.tracking.contract.Topics#ORDERS} (key: order
 * id) by the query service from its transactional outbox. Each snapshot is complete, so a consumer needs only the
 * newest one.
 *
 * @param orderId the order; also the Kafka record key
 * @param version the outbox row id of this change: grows with every change of the order, so a consumer ignores a
 *     snapshot whose version is not above the last one it applied
 * @param driverId the driver assigned to the order
 * @param status one of {@link #ASSIGNED}, {@link #PICKED_UP}, {@link #DELIVERED}, {@link #CANCELLED}
 * @param pickup where the driver collects the order
 * @param dropoff where the driver delivers it
 * @param driverAssignedAt when the current driver was assigned
 * @param updatedAt when the order last changed
 * @param tripParameters per-order overrides of the trip engine's parameters, if any
 */
public record OrderSnapshot(
        String orderId,
        long version,
        String driverId,
        String status,
        GeoPoint pickup,
        GeoPoint dropoff,
        Instant driverAssignedAt,
        Instant updatedAt,
        @Nullable TripParameterOverrides tripParameters) {

    /** A driver is assigned and on the way to the pickup. */
    public static final String ASSIGNED = "ASSIGNED";

    /** The driver has the order and is on the way to the drop-off. */
    public static final String PICKED_UP = "PICKED_UP";

    /** Delivered: final. */
    public static final String DELIVERED = "DELIVERED";

    /** Cancelled: final. */
    public static final String CANCELLED = "CANCELLED";

    /** Whether the status is final ({@link #DELIVERED} or {@link #CANCELLED}): no trip event follows it. */
    public boolean terminal() {
        return DELIVERED.equals(status) || CANCELLED.equals(status);
    }
}
