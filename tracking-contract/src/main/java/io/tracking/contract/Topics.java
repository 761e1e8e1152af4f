package io.tracking.contract;

/** Kafka topic names shared by producers and consumers of {@link LocationUpdate}. */
public final class Topics {

    /** Location updates, keyed by driver id so that one driver's pings keep their order. */
    public static final String LOCATION_UPDATES = "driver-location-updates";

    /** Records the batch writer could not decode or that break the contract, with headers saying why. */
    public static final String LOCATION_UPDATES_DLT = LOCATION_UPDATES + ".DLT";

    private Topics() {
    }
}
