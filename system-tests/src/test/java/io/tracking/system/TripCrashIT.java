package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.ServiceProcess;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trip-event service is killed with SIGKILL three times at random moments while the fixes of 40 deliveries
 * stream in; a {@code read_committed} reader of {@code order-trip-events} then finds every event of every delivery
 * exactly once: assigned, approaching, arrived at and left the pickup, approaching and arrived at the drop-off.
 */
class TripCrashIT {

    private static final int ORDERS = 40;
    private static final Duration LOAD_DURATION = Duration.ofSeconds(40);
    private static final Duration FIX_INTERVAL = Duration.ofSeconds(4);
    private static final double METERS_PER_DEGREE = 111_320.0;
    private static final List<TripEventType> DELIVERY = List.of(TripEventType.DRIVER_ASSIGNED,
            TripEventType.APPROACHING_PICKUP, TripEventType.ARRIVED_AT_PICKUP, TripEventType.LEFT_PICKUP,
            TripEventType.APPROACHING_DROPOFF, TripEventType.ARRIVED_AT_DROPOFF);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalStack stack = SystemStack.get();
    private final String prefix = "trip-crash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Random random = new Random();
    private final Instant start = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MILLIS);

    @Test
    void shouldPublishEveryTripEventOnceAcrossThreeKills() throws Exception {
        try (ServiceProcess trips = TripEventProcess.create(stack);
                KafkaProducer<String, byte[]> producer = Pings.producer(stack.kafka().bootstrapServers());
                KafkaConsumer<String, byte[]> reader = committedReader()) {
            trips.start();
            Map<String, List<TripEvent>> events = new HashMap<>();
            List<OrderSnapshot> orders = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                GeoPoint pickup = new GeoPoint(48.80 + i * 0.01, 2.30);
                OrderSnapshot order = new OrderSnapshot(prefix + "order-" + i, 1, prefix + "driver-" + i,
                        OrderSnapshot.ASSIGNED, pickup, offset(pickup, 800, 600), start, start, null);
                orders.add(order);
                producer.send(new ProducerRecord<>(Topics.ORDERS, order.orderId(), JSON.writeValueAsBytes(order)));
            }
            producer.flush();
            // as a driver waits for dispatch: fixes before the assignment reached the driver's task are not the order's
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                read(reader, events);
                return events.size() == ORDERS;
            });

            List<LocationUpdate> fixes = deliveries(orders);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> sendPaced(producer, fixes));
            for (int kill = 0; kill < 3; kill++) {
                TimeUnit.MILLISECONDS.sleep(2_000 + random.nextInt(6_000)); // a random moment, not a synchronisation
                trips.kill();
                trips.start();
            }
            load.get(3, TimeUnit.MINUTES);

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                read(reader, events);
                return events.values().stream().allMatch(order -> order.size() >= DELIVERY.size());
            });
            // a duplicate could still be in a later transaction: read until caught up with what is committed
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                read(reader, events);
                return caughtUp(reader);
            });
            events.forEach((orderId, received) -> assertThat(received).as(orderId)
                    .extracting(TripEvent::type).containsExactlyElementsOf(DELIVERY));
        }
    }

    /** Each driver drives 1 km to the pickup at 10 m/s, waits 60 s, drives 1 km to the drop-off and waits there. */
    private List<LocationUpdate> deliveries(List<OrderSnapshot> orders) {
        List<LocationUpdate> fixes = new ArrayList<>();
        for (OrderSnapshot order : orders) {
            String driverId = order.driverId();
            Instant at = start.plusMillis(random.nextInt(1_000));
            at = driveTo(fixes, driverId, offset(order.pickup(), -1_000, 0), order.pickup(), at);
            at = waitAt(fixes, driverId, order.pickup(), at, Duration.ofSeconds(60));
            at = driveTo(fixes, driverId, order.pickup(), order.dropoff(), at);
            waitAt(fixes, driverId, order.dropoff(), at, Duration.ofSeconds(60));
        }
        // all drivers at once, each in its own time order, as phones send them
        fixes.sort(Comparator.comparing(LocationUpdate::recordedAt));
        return fixes;
    }

    /** A fix every {@link #FIX_INTERVAL} on the straight line from {@code from} to {@code to} at 10 m/s. */
    private static Instant driveTo(List<LocationUpdate> fixes, String driverId, GeoPoint from, GeoPoint to,
            Instant at) {
        double north = (to.latitude() - from.latitude()) * METERS_PER_DEGREE;
        double east = (to.longitude() - from.longitude()) * METERS_PER_DEGREE
                * Math.cos(Math.toRadians(from.latitude()));
        long steps = Math.max(1, Math.round(Math.hypot(north, east) / 10.0 / FIX_INTERVAL.toSeconds()));
        Instant time = at;
        for (int i = 1; i <= steps; i++) {
            time = time.plus(FIX_INTERVAL);
            fixes.add(fix(driverId, offset(from, north * i / steps, east * i / steps), time, 10.0));
        }
        return time;
    }

    /** A fix every {@link #FIX_INTERVAL} at {@code point} for {@code duration}. */
    private static Instant waitAt(List<LocationUpdate> fixes, String driverId, GeoPoint point, Instant at,
            Duration duration) {
        Instant time = at;
        for (long i = 0; i < duration.dividedBy(FIX_INTERVAL); i++) {
            time = time.plus(FIX_INTERVAL);
            fixes.add(fix(driverId, point, time, 0.0));
        }
        return time;
    }

    private static LocationUpdate fix(String driverId, GeoPoint point, Instant time, double speed) {
        return new LocationUpdate(driverId, point.latitude(), point.longitude(), time, time, 6.0, speed, null);
    }

    private static GeoPoint offset(GeoPoint point, double northMeters, double eastMeters) {
        return new GeoPoint(point.latitude() + northMeters / METERS_PER_DEGREE,
                point.longitude() + eastMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(point.latitude()))));
    }

    private void sendPaced(KafkaProducer<String, byte[]> producer, List<LocationUpdate> fixes) {
        long startNanos = System.nanoTime();
        long perFixNanos = LOAD_DURATION.toNanos() / fixes.size();
        try {
            for (int i = 0; i < fixes.size(); i++) {
                Pings.send(producer, fixes.get(i));
                long ahead = startNanos + i * perFixNanos - System.nanoTime();
                if (ahead > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(ahead); // pacing the load, not synchronising with the system
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private KafkaConsumer<String, byte[]> committedReader() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(Topics.ORDER_TRIP_EVENTS));
        return consumer;
    }

    private void read(KafkaConsumer<String, byte[]> reader, Map<String, List<TripEvent>> events) {
        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(500))) {
            if (record.key() != null && record.key().startsWith(prefix)) {
                TripEvent event = JSON.readValue(record.value(), TripEvent.class);
                events.computeIfAbsent(event.orderId(), id -> new ArrayList<>()).add(event);
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> reader) {
        return !reader.assignment().isEmpty() && reader.endOffsets(reader.assignment()).entrySet().stream()
                .allMatch(end -> reader.position(end.getKey()) >= end.getValue());
    }
}
