package io.tracking.trips.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.PingRef;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.trips.TripServiceProperties;
import io.tracking.trips.support.Drive;
import io.tracking.trips.model.EtaEstimator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole topology on Kafka Streams' test driver: real serdes, real (RocksDB) stores, stream-time punctuation,
 * the configured deserialization handler; one partition per topic.
 */
class TripTopologyTests {

    static final GeoPoint PICKUP = new GeoPoint(52.5200, 13.4050);
    static final GeoPoint DROPOFF = Drive.offset(PICKUP, 1_200, 900);
    static final GeoPoint START = Drive.offset(PICKUP, -2_000, 0);
    static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<LocationUpdate> piped = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> orders;
    private TestInputTopic<String, byte[]> locations;
    private TestOutputTopic<String, TripEvent> events;
    private TestOutputTopic<String, EtaUpdate> etas;

    @TempDir
    private Path stateDir;

    @BeforeEach
    void startTopology() {
        TripServiceProperties properties = defaults();
        TripMetrics metrics = new TripMetrics(registry);
        StreamsBuilder builder = new StreamsBuilder();
        new TripTopology(properties, mapper, metrics, EtaEstimator.withoutHistory(), Clock.systemUTC())
                .build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "trip-events-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                SkippingDeserializationHandler.class);
        config.put(SkippingDeserializationHandler.METRICS_CONFIG, metrics);
        driver = new TopologyTestDriver(builder.build(), config, T0);
        orders = driver.createInputTopic(Topics.ORDERS, new StringSerializer(), new ByteArraySerializer());
        locations = driver.createInputTopic(Topics.LOCATION_UPDATES, new StringSerializer(),
                new ByteArraySerializer());
        events = driver.createOutputTopic(Topics.ORDER_TRIP_EVENTS, Serdes.String().deserializer(),
                new TripSerdes(mapper).json(TripEvent.class).deserializer());
        etas = driver.createOutputTopic(Topics.ORDER_ETAS, Serdes.String().deserializer(),
                new TripSerdes(mapper).json(EtaUpdate.class).deserializer());
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    static TripServiceProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("tracking.trips", TripServiceProperties.class);
    }

    @Test
    void shouldDeriveEveryEventOfADeliveryOnceAndInOrder() {
        order("o-1", 1, "d-1", OrderSnapshot.ASSIGNED, T0);
        Drive toPickup = Drive.of("d-1", START, T0).to(PICKUP, 10).stay(Duration.ofSeconds(60));
        send(toPickup.fixes());
        order("o-1", 2, "d-1", OrderSnapshot.PICKED_UP, toPickup.time());
        Drive toDropoff = Drive.of("d-1", PICKUP, toPickup.time()).to(DROPOFF, 10).stay(Duration.ofSeconds(60));
        send(toDropoff.fixes());
        // an update between the arrival at the drop-off and the delivery must not open the order again
        order("o-1", 3, "d-1", OrderSnapshot.PICKED_UP, toDropoff.time());
        assertThat(store(TripTopology.ORDER_TRIPS_STORE).get("o-1")).as("kept until the order is final").isNotNull();
        order("o-1", 4, "d-1", OrderSnapshot.DELIVERED, toDropoff.time().plusSeconds(1));

        List<TripEvent> derived = events.readValuesToList();
        assertThat(derived).extracting(TripEvent::type).containsExactly(TripEventType.DRIVER_ASSIGNED,
                TripEventType.APPROACHING_PICKUP, TripEventType.ARRIVED_AT_PICKUP, TripEventType.LEFT_PICKUP,
                TripEventType.APPROACHING_DROPOFF, TripEventType.ARRIVED_AT_DROPOFF);
        assertThat(derived).extracting(TripEvent::eventId).allMatch(id -> id.startsWith("o-1/") && id.endsWith("/1"));
        assertThat(derived).allMatch(event -> event.orderId().equals("o-1") && event.driverId().equals("d-1"));
        TripEvent arrival = derived.get(2);
        assertThat(arrival.evidence().pings()).isNotEmpty();
        for (PingRef ping : arrival.evidence().pings()) {
            // the evidence names the very records the fixes came in
            assertThat(ping.partition()).isZero();
            assertThat(piped.get((int) ping.offset()).recordedAt()).isEqualTo(ping.recordedAt());
        }
        assertThat(store(TripTopology.ORDER_TRIPS_STORE).get("o-1")).as("a delivered order leaves the store")
                .isNull();
        assertThat(registry.get("tracking.trips.events").tag("type", "ARRIVED_AT_PICKUP").counter().count())
                .isEqualTo(1);
    }

    @Test
    void shouldThrottleEtasToOnePerIntervalUnlessThePredictionMoves() {
        order("o-2", 1, "d-2", OrderSnapshot.ASSIGNED, T0);
        send(Drive.of("d-2", START, T0).to(PICKUP, 10).fixes());

        List<EtaUpdate> published = etas.readValuesToList();
        assertThat(published).isNotEmpty().allMatch(eta -> eta.orderId().equals("o-2"));
        for (int i = 1; i < published.size(); i++) {
            EtaUpdate previous = published.get(i - 1);
            EtaUpdate next = published.get(i);
            boolean intervalPassed = !next.basedOnRecordedAt().isBefore(
                    previous.basedOnRecordedAt().plusSeconds(10));
            boolean moved = Duration.between(previous.at(), next.at()).abs().toSeconds() > 15;
            assertThat(intervalPassed || moved || next.stop() != previous.stop()).as("ETA %d", i).isTrue();
        }
        // a fix every 4 s for about 200 s: far fewer ETAs than fixes
        assertThat(published.size()).isLessThan(piped.size() / 2);
    }

    @Test
    void shouldHandTheOrderToTheNewDriverOnReassignment() {
        order("o-3", 1, "d-3a", OrderSnapshot.ASSIGNED, T0);
        Drive first = Drive.of("d-3a", START, T0).to(Drive.offset(PICKUP, -1_000, 0), 10);
        send(first.fixes());
        order("o-3", 2, "d-3b", OrderSnapshot.ASSIGNED, first.time());
        // the released driver reaches the pickup and waits there: no longer this order's business
        Instant released = first.time();
        send(Drive.of("d-3a", Drive.offset(PICKUP, -1_000, 0), released).to(PICKUP, 10)
                .stay(Duration.ofSeconds(60)).fixes());
        Drive second = Drive.of("d-3b", Drive.offset(PICKUP, 0, 1_500), released.plusSeconds(200))
                .to(PICKUP, 10).stay(Duration.ofSeconds(60));
        send(second.fixes());

        List<TripEvent> derived = events.readValuesToList();
        assertThat(derived).extracting(TripEvent::type).containsExactly(TripEventType.DRIVER_ASSIGNED,
                TripEventType.DRIVER_CHANGED, TripEventType.APPROACHING_PICKUP, TripEventType.ARRIVED_AT_PICKUP);
        assertThat(derived.get(0).driverId()).isEqualTo("d-3a");
        assertThat(derived.subList(1, 4)).allMatch(event -> event.driverId().equals("d-3b"));
        assertThat(derived.get(3).evidence().pings()).allMatch(ping -> ping.driverId().equals("d-3b"));
        KeyValueStore<String, DriverOrders> driverOrders = store(TripTopology.DRIVER_ORDERS_STORE);
        assertThat(driverOrders.get("d-3a")).isNull();
        assertThat(driverOrders.get("d-3b")).isEqualTo(new DriverOrders(List.of("o-3")));
    }

    @Test
    void shouldSkipAndCountRecordsThatAreNotLocationUpdatesAndKeepGoing() {
        order("o-4", 1, "d-4", OrderSnapshot.ASSIGNED, T0);
        orders.pipeInput("o-4", "{\"orderId\":".getBytes(StandardCharsets.UTF_8), T0);
        locations.pipeInput("d-4", new byte[] {(byte) 0xff, 0x00, 0x7b}, T0);
        locations.pipeInput("d-4", json(new LocationUpdate("d-4", 91.0, 13.4, T0, T0, null, null, null)), T0);
        locations.pipeInput("d-4", json(new LocationUpdate(null, 52.5, 13.4, T0, T0, null, null, null)), T0);
        piped.addAll(List.of(fix("d-4", T0), fix("d-4", T0), fix("d-4", T0)));

        send(Drive.of("d-4", START, T0).to(PICKUP, 10).stay(Duration.ofSeconds(60)).fixes());

        assertThat(events.readValuesToList()).extracting(TripEvent::type).containsExactly(
                TripEventType.DRIVER_ASSIGNED, TripEventType.APPROACHING_PICKUP, TripEventType.ARRIVED_AT_PICKUP);
        assertThat(skipped(Topics.LOCATION_UPDATES, "undecodable")).isEqualTo(1);
        assertThat(skipped(Topics.LOCATION_UPDATES, "invalid")).isEqualTo(2);
        assertThat(skipped(Topics.ORDERS, "undecodable")).isEqualTo(1);
    }

    @Test
    void shouldNotLetAClockFromTheFutureCompleteOtherDriversDwell() {
        order("o-5", 1, "d-5", OrderSnapshot.ASSIGNED, T0);
        order("o-6", 1, "d-6", OrderSnapshot.ASSIGNED, T0);
        Drive parked = Drive.of("d-5", START, T0).to(PICKUP, 10).stay(Duration.ofSeconds(8));
        send(parked.fixes());
        events.readValuesToList();

        // recorded a year ahead, received one second after the last fix
        Instant received = parked.time().plusSeconds(1);
        LocationUpdate future = new LocationUpdate("d-6", START.latitude(), START.longitude(),
                received.plus(Duration.ofDays(365)), received, 5.0, 0.0, null);
        locations.pipeInput("d-6", json(future), received);
        piped.add(future);

        assertThat(events.readValuesToList()).as("no arrival completed by a clock a year ahead").isEmpty();
        assertThat(skipped(Topics.LOCATION_UPDATES, "future")).isEqualTo(1);
        send(Drive.of("d-5", PICKUP, received).stay(Duration.ofSeconds(24)).fixes());
        assertThat(events.readValuesToList()).extracting(TripEvent::type)
                .containsExactly(TripEventType.ARRIVED_AT_PICKUP);
    }

    @Test
    void shouldIgnoreASnapshotOlderThanTheNewestSeen() {
        order("o-7", 5, "d-7a", OrderSnapshot.ASSIGNED, T0);
        order("o-7", 4, "d-7b", OrderSnapshot.ASSIGNED, T0.plusSeconds(1));

        assertThat(events.readValuesToList()).extracting(TripEvent::type)
                .containsExactly(TripEventType.DRIVER_ASSIGNED);
        assertThat(store(TripTopology.DRIVER_ORDERS_STORE).get("d-7b")).isNull();
    }

    private void order(String orderId, long version, String driverId, String status, Instant at) {
        OrderSnapshot order = new OrderSnapshot(orderId, version, driverId, status, PICKUP, DROPOFF, T0, at, null);
        orders.pipeInput(orderId, mapper.writeValueAsBytes(order), at);
    }

    private void send(List<LocationUpdate> fixes) {
        for (LocationUpdate fix : fixes) {
            locations.pipeInput(fix.driverId(), json(fix), fix.receivedAt());
            piped.add(fix);
        }
    }

    private byte[] json(LocationUpdate update) {
        return mapper.writeValueAsBytes(update);
    }

    private static LocationUpdate fix(String driverId, Instant at) {
        return new LocationUpdate(driverId, 0, 0, at, at, null, null, null);
    }

    private double skipped(String topic, String reason) {
        return registry.find("tracking.trips.records.skipped").tags("topic", topic, "reason", reason).counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    private <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }
}
