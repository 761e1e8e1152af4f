package io.tracking.trips.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.trips.TripServiceProperties;
import io.tracking.trips.model.EtaAccuracy;
import io.tracking.trips.model.EtaEstimator;
import io.tracking.trips.model.Fix;
import io.tracking.trips.model.LegObservation;
import io.tracking.trips.model.OrderTrip;
import io.tracking.trips.model.Step;
import io.tracking.trips.model.TripParameters;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Keyed by order id: runs each open order's {@link OrderTrip} on the order's snapshots and its driver's fixes, and
 * on stream time for the dwell timers, keeping the trips in the {@value TripTopology#ORDER_TRIPS_STORE} store
 * until their order is final.
 * Publishes what the trips derive: every event, and ETAs as {@link PublishedEta} throttles them.
 *
 * <p>Exactly once comes from Kafka Streams, not from this class: the store's changelog, the outputs and the input
 * offsets commit in one transaction, so after a crash the trips resume from the state that matches the outputs
 * already published. The trips derive deterministic event ids, so even a re-derivation by a replay names the same
 * events.
 *
 * <p>Dwell timers fire on stream-time punctuation for the trips with a pending arrival, indexed in memory (rebuilt
 * from the store when the task starts). They fire on stream time, but only as far as the fixes of this task have
 * reached: an order snapshot is stamped with the wall clock of its publication, and while the fixes lag (a backlog
 * after an outage) it would otherwise confirm every pending arrival before the fixes that contradict it are read.
 * The fixes' time is kept in memory only: after a restart the timers wait for the next fix, which is late, never
 * wrong.
 */
final class OrderTripProcessor implements Processor<String, TripInput, String, TripOutput> {

    private final TripServiceProperties properties;
    private final TripParameters defaults;
    private final TripServiceProperties.Eta throttle;
    private final EtaEstimator eta;
    private final TripMetrics metrics;
    private final Clock clock;
    /** Order id to the event time a pending arrival may complete at: the trips the punctuation must visit. */
    private final Map<String, Instant> timers = new HashMap<>();
    private @Nullable ProcessorContext<String, TripOutput> context;
    private @Nullable KeyValueStore<String, StoredTrip> trips;
    private String taskId = "";
    /** The newest timestamp of a fix this task processed: how far timers may run. */
    private long fixTime = Long.MIN_VALUE;

    OrderTripProcessor(TripServiceProperties properties, EtaEstimator eta, TripMetrics metrics, Clock clock) {
        this.properties = properties;
        this.defaults = properties.trip().toParameters();
        this.throttle = properties.eta();
        this.eta = eta;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, TripOutput> context) {
        this.context = context;
        this.trips = context.getStateStore(TripTopology.ORDER_TRIPS_STORE);
        this.taskId = context.taskId().toString();
        context.schedule(properties.punctuationInterval(), PunctuationType.STREAM_TIME, this::onStreamTime);
        indexTimers();
        metrics.activeTrips(taskId, trips.approximateNumEntries());
    }

    @Override
    public void process(Record<String, TripInput> record) {
        if (record.value() instanceof TripInput.Order order) {
            onOrder(record, order.order());
        } else if (record.value() instanceof TripInput.Located located) {
            onFix(record, located.fix());
        }
    }

    @Override
    public void close() {
        metrics.taskClosed(taskId);
    }

    private void onOrder(Record<String, TripInput> record, OrderSnapshot order) {
        StoredTrip stored = trips.get(order.orderId());
        if (stored == null && order.terminal()) {
            return;
        }
        OrderTrip trip = stored == null ? OrderTrip.open(order, defaults) : OrderTrip.restore(stored.state());
        Step step = trip.onOrder(order, clock.instant());
        apply(record.key(), record.timestamp(), trip, stored, step, order.terminal());
    }

    private void onFix(Record<String, TripInput> record, OrderFix fix) {
        fixTime = Math.max(fixTime, record.timestamp());
        StoredTrip stored = trips.get(record.key());
        if (stored == null) {
            // the order closed (or is not open yet) while its driver's task still routed fixes to it
            return;
        }
        OrderTrip trip = OrderTrip.restore(stored.state());
        Step step = trip.onFix(toFix(fix), clock.instant(), eta);
        apply(record.key(), record.timestamp(), trip, stored, step, false);
    }

    private void onStreamTime(long streamTime) {
        metrics.activeTrips(taskId, trips.approximateNumEntries());
        if (fixTime == Long.MIN_VALUE) {
            return;
        }
        Instant timerTime = Instant.ofEpochMilli(Math.min(streamTime, fixTime));
        Instant now = clock.instant();
        List<String> due = timers.entrySet().stream().filter(timer -> !timer.getValue().isAfter(timerTime))
                .map(Map.Entry::getKey).toList();
        for (String orderId : due) {
            StoredTrip stored = trips.get(orderId);
            if (stored == null) {
                timers.remove(orderId);
                continue;
            }
            OrderTrip trip = OrderTrip.restore(stored.state());
            apply(orderId, timerTime.toEpochMilli(), trip, stored, trip.onStreamTime(timerTime, now, eta), false);
        }
    }

    /** The pending arrivals of the trips in the store; called once the store is restored, before any record. */
    private void indexTimers() {
        try (KeyValueIterator<String, StoredTrip> all = trips.all()) {
            all.forEachRemaining(entry -> {
                Instant due = OrderTrip.restore(entry.value.state()).arrivalDueAt();
                if (due != null) {
                    timers.put(entry.key, due);
                }
            });
        }
    }

    /**
     * Publishes what {@code step} derived and stores the trip, or deletes it once it is finished and its order
     * final ({@code orderFinal}: the input was the order's final snapshot). A trip that finished on arriving at
     * the drop-off stays, inert, until that snapshot, so that an update of the order in between finds it rather
     * than opening the order again and repeating its events.
     */
    private void apply(String orderId, long timestamp, OrderTrip trip, @Nullable StoredTrip stored, Step step,
            boolean orderFinal) {
        for (TripEvent event : step.events()) {
            context.forward(new Record<>(orderId, new TripOutput.Event(event), timestamp));
            metrics.event(event.type().name());
        }
        PublishedEta lastEta = stored == null ? null : stored.lastEta();
        EtaUpdate update = step.eta();
        if (update != null && PublishedEta.isDue(lastEta, update, throttle.minInterval(), throttle.minChange())) {
            context.forward(new Record<>(orderId, new TripOutput.Eta(update), timestamp));
            metrics.etaPublished();
            lastEta = PublishedEta.of(update);
        }
        metrics.latePings(step.latePings());
        metrics.duplicatePings(step.duplicatePings());
        for (EtaAccuracy accuracy : step.etaAccuracy()) {
            metrics.etaError(accuracy.horizon(), accuracy.absoluteErrorSeconds());
        }
        for (LegObservation leg : step.legs()) {
            eta.calibrate(leg);
        }
        if (trip.finished() && (orderFinal || isFinal(trip.state().order()))) {
            trips.delete(orderId);
            timers.remove(orderId);
        } else {
            trips.put(orderId, new StoredTrip(trip.state(), lastEta));
            Instant due = trip.arrivalDueAt();
            if (due == null) {
                timers.remove(orderId);
            } else {
                timers.put(orderId, due);
            }
        }
    }

    private static boolean isFinal(@Nullable OrderSnapshot order) {
        return order != null && order.terminal();
    }

    private static Fix toFix(OrderFix fix) {
        LocationUpdate update = fix.update();
        return new Fix(update.driverId(), update.latitude(), update.longitude(), update.recordedAt(),
                update.accuracyMeters(), update.speedMps(), fix.partition(), fix.offset());
    }
}
