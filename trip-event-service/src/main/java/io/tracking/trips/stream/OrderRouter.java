package io.tracking.trips.stream;

import java.util.Set;

import io.tracking.contract.LocationUpdateRules;
import io.tracking.contract.Topics;
import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by order id: remembers each open order's driver (store {@value TripTopology#ORDER_DRIVERS_STORE}) so that
 * a snapshot naming another driver, or a final status, can release the order from the driver it concerned until
 * now. Drops snapshots older than the newest seen (their version is the outbox row id, growing per change) and
 * snapshots that break the contract, counting them.
 */
final class OrderRouter implements Processor<String, OrderSnapshot, String, RoutedOrder> {

    private static final Set<String> STATUSES = Set.of(OrderSnapshot.ASSIGNED, OrderSnapshot.PICKED_UP,
            OrderSnapshot.DELIVERED, OrderSnapshot.CANCELLED);

    private static final Logger log = LoggerFactory.getLogger(OrderRouter.class);

    private final TripMetrics metrics;
    private @Nullable ProcessorContext<String, RoutedOrder> context;
    private @Nullable KeyValueStore<String, OrderRoute> routes;

    OrderRouter(TripMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RoutedOrder> context) {
        this.context = context;
        this.routes = context.getStateStore(TripTopology.ORDER_DRIVERS_STORE);
    }

    @Override
    public void process(Record<String, OrderSnapshot> record) {
        OrderSnapshot order = record.value();
        if (!isValid(record.key(), order)) {
            context.recordMetadata().ifPresent(source -> log.warn(
                    "Skipping order snapshot {}-{}@{} that breaks the contract", source.topic(), source.partition(),
                    source.offset()));
            metrics.skipped(Topics.ORDERS, "invalid");
            return;
        }
        OrderRoute route = routes.get(order.orderId());
        if (route != null && order.version() <= route.version()) {
            return;
        }
        boolean open = !order.terminal();
        String released = route != null && (!open || !route.driverId().equals(order.driverId()))
                ? route.driverId() : null;
        if (open) {
            routes.put(order.orderId(), new OrderRoute(order.driverId(), order.version()));
        } else {
            routes.delete(order.orderId());
        }
        context.forward(record.withValue(new RoutedOrder(order, released)));
    }

    /** Whether the snapshot can be routed and tracked: the checks of the contract that this topology relies on. */
    static boolean isValid(@Nullable String key, @Nullable OrderSnapshot order) {
        return order != null && order.orderId() != null && order.orderId().equals(key)
                && LocationUpdateRules.isValidDriverId(order.driverId())
                && order.status() != null && STATUSES.contains(order.status())
                && isValidPoint(order.pickup()) && isValidPoint(order.dropoff())
                && order.driverAssignedAt() != null && LocationUpdateRules.isInTimeRange(order.driverAssignedAt());
    }

    private static boolean isValidPoint(@Nullable GeoPoint point) {
        return point != null && Double.isFinite(point.latitude()) && Math.abs(point.latitude()) <= 90
                && Double.isFinite(point.longitude()) && Math.abs(point.longitude()) <= 180;
    }
}
