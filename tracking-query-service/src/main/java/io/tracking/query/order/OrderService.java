package io.tracking.query.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.query.outbox.OrderOutbox;
import io.tracking.query.system.ApiProblem;

/**
 * Creates and updates orders. A final (delivered or cancelled) order can be re-sent unchanged but not altered.
 *
 * <p>{@link Order#driverAssignedAt()} is set when an order is created and whenever a PUT changes its driver; a PUT
 * naming the same driver keeps it, so re-sending an order (or only changing its status) never widens what its
 * stream may replay.
 *
 * <p>Every change (a create, or an update that alters anything) appends the order's snapshot to the
 * {@link OrderOutbox} in the change's own transaction, so that the trip-event service learns of exactly the changes
 * that committed; a PUT that changes nothing or is refused appends nothing.
 */
@Service
class OrderService {

    /** The outcome of a PUT: the stored order and whether it was new. */
    record PutResult(Order order, boolean created) {
    }

    private final OrderRepository orders;
    private final OrderOutbox outbox;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderService(OrderRepository orders, OrderOutbox outbox, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    PutResult put(String orderId, OrderRequest request) {
        return Objects.requireNonNull(transactions.execute(status -> {
            Order created = request.toOrder(orderId, now());
            if (orders.insertIfAbsent(created)) {
                outbox.append(snapshot(created));
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
            outbox.append(snapshot(order));
            events.publishEvent(new OrderChanged(order));
            return new PutResult(order, false);
        }));
    }

    /** The order as the trip-event service sees it; its version is set by the outbox. */
    private OrderSnapshot snapshot(Order order) {
        return new OrderSnapshot(order.orderId(), 0, order.driverId(), order.status().name(),
                new GeoPoint(order.pickup().lat(), order.pickup().lon()),
                new GeoPoint(order.dropoff().lat(), order.dropoff().lon()), order.driverAssignedAt(), now(),
                order.tripParameters());
    }

    /** The clock at the precision of {@code timestamptz}, so that the order published is the order stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
