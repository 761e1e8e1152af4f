package io.tracking.query.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.tracking.query.system.ApiProblem;

/**
 * Creates and updates orders. A final (delivered or cancelled) order can be re-sent unchanged but not altered.
 *
 * <p>{@link Order#driverAssignedAt()} is set when an order is created and whenever a PUT changes its driver; a PUT
 * naming the same driver keeps it, so re-sending an order (or only changing its status) never widens what its
 * stream may replay.
 */
@Service
class OrderService {

    /** The outcome of a PUT: the stored order and whether it was new. */
    record PutResult(Order order, boolean created) {
    }

    private final OrderRepository orders;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderService(OrderRepository orders, TransactionTemplate transactions, ApplicationEventPublisher events,
            Clock clock) {
        this.orders = orders;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    PutResult put(String orderId, OrderRequest request) {
        return Objects.requireNonNull(transactions.execute(status -> {
            Order created = request.toOrder(orderId, now());
            if (orders.insertIfAbsent(created)) {
                events.publishEvent(new OrderChanged(created));
                return new PutResult(created, true);
            }
            // the insert lost to an existing row: lock it so that concurrent PUTs apply one after the other
            Order existing = orders.findForUpdate(orderId)
                    .orElseThrow(() -> new IllegalStateException("order vanished during update"));
            // read once the row is locked: of two reassignments racing, the one applied last has the later instant
            Order order = existing.driverId().equals(created.driverId())
                    ? created.withDriverAssignedAt(existing.driverAssignedAt())
                    : created.withDriverAssignedAt(now());
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

    /** The clock at the precision of {@code timestamptz}, so that the order published is the order stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
