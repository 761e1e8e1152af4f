package io.tracking.query.live;

import io.tracking.query.order.OrderStatus;

/** The {@code data} of an {@code order-status} event. */
record StatusPayload(String orderId, OrderStatus status) {
}
