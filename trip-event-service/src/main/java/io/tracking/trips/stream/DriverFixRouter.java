package io.tracking.trips.stream;

import java.util.List;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateRules;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by driver id: keeps each driver's open orders (store {@value TripTopology#DRIVER_ORDERS_STORE}) and sends
 * each valid fix of the driver to every one of them, re-keyed by order id, with the partition and offset the fix
 * came from. A driver without open orders costs nothing further. A fix that breaks the contract, or that claims to
 * be recorded after Kafka received it (by more than the allowed skew, see {@link FixTimestampExtractor}), is
 * skipped and counted, never passed on.
 */
final class DriverFixRouter implements Processor<String, DriverInput, String, OrderFix> {

    private static final Logger log = LoggerFactory.getLogger(DriverFixRouter.class);

    private final TripMetrics metrics;
    private @Nullable ProcessorContext<String, OrderFix> context;
    private @Nullable KeyValueStore<String, DriverOrders> driverOrders;

    DriverFixRouter(TripMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, OrderFix> context) {
        this.context = context;
        this.driverOrders = context.getStateStore(TripTopology.DRIVER_ORDERS_STORE);
    }

    @Override
    public void process(Record<String, DriverInput> record) {
        if (record.value() instanceof DriverInput.Assignment assignment) {
            assign(record.key(), assignment.assignment());
        } else if (record.value() instanceof DriverInput.Ping ping) {
            route(record, ping.update());
        }
    }

    private void assign(String driverId, DriverAssignment assignment) {
        DriverOrders current = driverOrders.get(driverId);
        DriverOrders orders = current == null ? new DriverOrders(List.of()) : current;
        DriverOrders updated = assignment.active() ? orders.with(assignment.orderId())
                : orders.without(assignment.orderId());
        if (updated.orderIds().isEmpty()) {
            driverOrders.delete(driverId);
        } else if (!updated.equals(current)) {
            driverOrders.put(driverId, updated);
        }
    }

    private void route(Record<String, DriverInput> record, LocationUpdate update) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (record.key() == null || !record.key().equals(update.driverId())
                || !LocationUpdateRules.violations(update).isEmpty()) {
            skip(source, "invalid");
            return;
        }
        if (FixTimestampExtractor.isFromTheFuture(update, record.timestamp())) {
            skip(source, "future");
            return;
        }
        DriverOrders orders = driverOrders.get(update.driverId());
        if (orders == null) {
            return;
        }
        OrderFix fix = new OrderFix(update, source.partition(), source.offset());
        for (String orderId : orders.orderIds()) {
            context.forward(new Record<>(orderId, fix, record.timestamp()));
        }
    }

    private void skip(RecordMetadata source, String reason) {
        log.warn("Skipping location update {}-{}@{}: {}", source.topic(), source.partition(), source.offset(),
                reason);
        metrics.skipped(source.topic(), reason);
    }
}
