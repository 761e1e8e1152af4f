package io.tracking.contract;

/**
 * Kafka topic names shared by producers and consumers of {@link LocationUpdate} and of the trip contract in
 * {@link io.tracking.contract.trip}.
 */
public final class Topics {

    /** Location updates, keyed by driver id so that one driver's pings keep their order. */
    public static final String LOCATION_UPDATES = "driver-location-updates";

    /** Records the batch writer could not decode or that break the contract, with headers saying why. */
    public static final String LOCATION_UPDATES_DLT = LOCATION_UPDATES + ".DLT";

    /** {@link io.tracking.contract.trip.OrderSnapshot}s, keyed by order id, from the query service's outbox. */
    public static final String ORDERS = "orders";

    /** {@link io.tracking.contract.trip.TripEvent}s, keyed by order id, for the notification system and the store. */
    public static final String ORDER_TRIP_EVENTS = "order-trip-events";

    /** {@link io.tracking.contract.trip.EtaUpdate}s, keyed by order id; compacted, only the newest ETA matters. */
    public static final String ORDER_ETAS = "order-etas";

    private Topics() {
    }
}
