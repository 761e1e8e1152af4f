package io.tracking.query.order;

/**
 * Published (in process, after the transaction commits) when dispatch creates or updates an order, so that open
 * live streams on this instance react at once. Other instances learn of it by re-reading the order.
 */
public record OrderChanged(Order order) {
}
