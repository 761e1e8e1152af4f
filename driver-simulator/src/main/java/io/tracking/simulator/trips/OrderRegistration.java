package io.tracking.simulator.trips;

import java.time.Instant;
import java.util.List;

/** Makes the orders of a run known to the trip engine before their drivers set off. */
interface OrderRegistration extends AutoCloseable {

    /**
     * Registers every order with its driver; returns the latest assignment time among them: fixes recorded before
     * its order's assignment are not the order's, so no trip may start earlier.
     *
     * @throws IllegalStateException when an order was refused
     */
    Instant register(List<DeliveryOrder> orders) throws InterruptedException;

    @Override
    void close();
}
