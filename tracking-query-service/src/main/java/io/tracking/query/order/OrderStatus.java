package io.tracking.query.order;

/** Lifecycle of a delivery order. DELIVERED and CANCELLED are final. */
public enum OrderStatus {
    ASSIGNED, PICKED_UP, DELIVERED, CANCELLED;

    /** The pattern a request's {@code status} must match. */
    static final String PATTERN = "ASSIGNED|PICKED_UP|DELIVERED|CANCELLED";

    /** Whether the driver may still be followed through the order. */
    public boolean isActive() {
        return this == ASSIGNED || this == PICKED_UP;
    }
}
