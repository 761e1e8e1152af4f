package io.tracking.trips.stream;

import java.time.Clock;

import io.tracking.contract.Topics;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.trips.TripServiceProperties;
import io.tracking.trips.model.EtaEstimator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trip-event topology, in three sub-topologies joined by internal repartition topics:
 *
 * <ol>
 *   <li><b>orders</b>, keyed by order id: {@link OrderRouter} drops stale and invalid snapshots and remembers each
 *       open order's driver (store {@value #ORDER_DRIVERS_STORE}), so that a reassignment or a final status
 *       releases the order from its previous driver. The snapshots go on to their order's task; the assignments
 *       and releases, re-keyed by driver, to their driver's task.</li>
 *   <li><b>drivers</b>, keyed by driver id, co-partitioned with {@code driver-location-updates} (the repartition
 *       topic has {@code tracking.trips.partitions} partitions, as many as that topic): {@link DriverFixRouter}
 *       keeps each driver's open orders (store {@value #DRIVER_ORDERS_STORE}) and sends every valid fix to each
 *       of them, re-keyed by order id, with the partition and offset it came from.</li>
 *   <li><b>trips</b>, keyed by order id: {@link OrderTripProcessor} runs each order's trip (store
 *       {@value #ORDER_TRIPS_STORE}) on its snapshots, its driver's fixes and stream-time punctuation, and
 *       publishes trip events to {@code order-trip-events} and ETAs to {@code order-etas}.</li>
 * </ol>
 *
 * <p>Keeping the trip with its order rather than with its driver means a reassignment needs no hand-over of state
 * between drivers' tasks: the order's trip sees the new driver in its next snapshot, and its event counters (the
 * {@code n} of each event id) carry on. The price is one internal topic write and read per fix of a driver with an
 * open order. Every store is changelogged, and the application runs with {@code exactly_once_v2}: inputs, state
 * and outputs of each task commit in one Kafka transaction.
 */
public final class TripTopology {

    static final String ORDER_DRIVERS_STORE = "order-drivers";
    static final String DRIVER_ORDERS_STORE = "driver-orders";
    static final String ORDER_TRIPS_STORE = "order-trips";

    private final TripServiceProperties properties;
    private final TripSerdes serdes;
    private final TripMetrics metrics;
    private final EtaEstimator eta;
    private final Clock clock;

    public TripTopology(TripServiceProperties properties, JsonMapper mapper, TripMetrics metrics, EtaEstimator eta,
            Clock clock) {
        this.properties = properties;
        this.serdes = new TripSerdes(mapper);
        this.metrics = metrics;
        this.eta = eta;
        this.clock = clock;
    }

    /** Adds the topology to {@code builder}. */
    public void build(StreamsBuilder builder) {
        Serde<String> keys = Serdes.String();
        int partitions = properties.partitions();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORDER_DRIVERS_STORE),
                keys, serdes.internal(OrderRoute.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DRIVER_ORDERS_STORE),
                keys, serdes.internal(DriverOrders.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORDER_TRIPS_STORE),
                keys, serdes.internal(StoredTrip.class)));

        KStream<String, RoutedOrder> routed = builder
                .stream(Topics.ORDERS, Consumed.with(keys, serdes.json(OrderSnapshot.class)).withName("orders"))
                .process(() -> new OrderRouter(metrics), Named.as("order-router"), ORDER_DRIVERS_STORE);

        KStream<String, DriverInput> assignments = routed
                .flatMap((orderId, order) -> order.assignments(), Named.as("driver-assignments"))
                .repartition(Repartitioned.with(keys, serdes.internal(DriverAssignment.class))
                        .withName("assignments-by-driver").withNumberOfPartitions(partitions))
                .mapValues(DriverInput.Assignment::new, Named.as("assignment-input"));
        KStream<String, DriverInput> pings = builder
                .stream(Topics.LOCATION_UPDATES, Consumed.with(keys, serdes.locationUpdates())
                        .withTimestampExtractor(new FixTimestampExtractor(properties.maxClockSkew()))
                        .withName("location-updates"))
                .mapValues(DriverInput.Ping::new, Named.as("ping-input"));
        KStream<String, TripInput> fixes = pings.merge(assignments, Named.as("driver-inputs"))
                .process(() -> new DriverFixRouter(metrics), Named.as("driver-fix-router"), DRIVER_ORDERS_STORE)
                .repartition(Repartitioned.with(keys, serdes.internal(OrderFix.class))
                        .withName("fixes-by-order").withNumberOfPartitions(partitions))
                .mapValues(TripInput.Located::new, Named.as("fix-input"));
        KStream<String, TripInput> orders = routed
                .mapValues(RoutedOrder::order, Named.as("routed-snapshots"))
                .repartition(Repartitioned.with(keys, serdes.internal(OrderSnapshot.class))
                        .withName("orders-by-order").withNumberOfPartitions(partitions))
                .mapValues(TripInput.Order::new, Named.as("order-input"));

        orders.merge(fixes, Named.as("trip-inputs"))
                .process(() -> new OrderTripProcessor(properties, eta, metrics, clock), Named.as("order-trips"),
                        ORDER_TRIPS_STORE)
                .split(Named.as("trip-output-"))
                .branch((orderId, output) -> output instanceof TripOutput.Event,
                        Branched.withConsumer(events -> events
                                .mapValues(output -> ((TripOutput.Event) output).event(), Named.as("events"))
                                .to(Topics.ORDER_TRIP_EVENTS, Produced.with(keys, serdes.json(TripEvent.class))
                                        .withName("order-trip-events")), "events"))
                .defaultBranch(Branched.withConsumer(etas -> etas
                        .mapValues(output -> ((TripOutput.Eta) output).eta(), Named.as("etas"))
                        .to(Topics.ORDER_ETAS, Produced.with(keys, serdes.json(EtaUpdate.class))
                                .withName("order-etas")), "etas"));
    }
}
