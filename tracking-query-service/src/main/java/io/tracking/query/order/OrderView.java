package io.tracking.query.order;

/** An order as stored, returned by the PUT. */
record OrderView(String orderId, String driverId, String customerId, String restaurantId, Coordinates pickup,
        Coordinates dropoff, OrderStatus status) {

    static OrderView of(Order order) {
        return new OrderView(order.orderId(), order.driverId(), order.customerId(), order.restaurantId(),
                order.pickup(), order.dropoff(), order.status());
    }
}
