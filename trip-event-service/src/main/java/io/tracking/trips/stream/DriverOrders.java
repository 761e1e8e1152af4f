package io.tracking.trips.stream;

import java.util.ArrayList;
import java.util.List;

/** The open orders a driver's fixes go to. Value of the {@code driver-orders} store, keyed by driver id. */
record DriverOrders(List<String> orderIds) {

    DriverOrders {
        orderIds = List.copyOf(orderIds);
    }

    DriverOrders with(String orderId) {
        if (orderIds.contains(orderId)) {
            return this;
        }
        List<String> added = new ArrayList<>(orderIds);
        added.add(orderId);
        return new DriverOrders(added);
    }

    DriverOrders without(String orderId) {
        List<String> removed = new ArrayList<>(orderIds);
        removed.remove(orderId);
        return new DriverOrders(removed);
    }
}
