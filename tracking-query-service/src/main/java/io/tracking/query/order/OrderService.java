package io.tracking.query.order;

import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.tracking.query.system.ApiProblem;

/** Creates and updates orders. A final (delivered or cancelled) order can be re-sent unchanged but not altered. */
@Service
class OrderService {

    /** The outcome of a PUT: the stored order and whether it was new. */
    record PutResult(Order order, boolean created) {
    }

    private final OrderRepository orders;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    OrderService(OrderRepository orders, TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.orders = orders;
        this.transactions = transactions;
        this.events = events;
    }

    PutResult put(Order order) {
        return Objects.requireNonNull(transactions.execute(status -> {
            if (orders.insertIfAbsent(order)) {
                events.publishEvent(new OrderChanged(order));
                return new PutResult(order, true);
            }
            // the insert lost to an existing row: lock it so that concurrent PUTs apply one after the other
            Order existing = orders.findForUpdate(order.orderId())
                    .orElseThrow(() -> new IllegalStateException("order vanished during update"));
            if (existing.equals(order)) {
                return new PutResult(existing, false);
            }
            if (!existing.status().isActive()) {
                throw ApiProblem.conflict("The order is " + existing.status()
                        + ", which is final: it can be sent again unchanged but not altered.");
            }
            orders.update(order);
            events.publishEvent(new OrderChanged(order));
            return new PutResult(order, false);
        }));
    }
}
