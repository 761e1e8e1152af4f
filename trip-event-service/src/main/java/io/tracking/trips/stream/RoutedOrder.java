package io.tracking.trips.stream;

import java.util.ArrayList;
import java.util.List;

import io.tracking.contract.trip.OrderSnapshot;
import org.apache.kafka.streams.KeyValue;
import org.jspecify.annotations.Nullable;

/**
 * An order snapshot newer than any seen before for its order, with the driver it no longer concerns, if any: the
 * previous driver on a reassignment, the driver on a final status.
 */
record RoutedOrder(OrderSnapshot order, @Nullable String releasedDriverId) {

    /**
     * What the drivers' tasks must learn: the released driver no longer sends fixes to the order, the current one
     * does while the order is open (said again with every snapshot: adding is idempotent).
     */
    List<KeyValue<String, DriverAssignment>> assignments() {
        List<KeyValue<String, DriverAssignment>> assignments = new ArrayList<>(2);
        if (releasedDriverId != null) {
            assignments.add(KeyValue.pair(releasedDriverId, new DriverAssignment(order.orderId(), false)));
        }
        if (!order.terminal()) {
            assignments.add(KeyValue.pair(order.driverId(), new DriverAssignment(order.orderId(), true)));
        }
        return assignments;
    }
}
