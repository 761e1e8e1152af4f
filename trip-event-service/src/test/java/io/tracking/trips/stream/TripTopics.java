package io.tracking.trips.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trip topics on the shared test broker: orders and fixes in, trip events out as a {@code read_committed}
 * consumer sees them (only what committed transactions published, each record once per commit).
 */
final class TripTopics implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> events;
    private final List<TripEvent> received = new ArrayList<>();

    TripTopics() {
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(producerConfig);
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "trip-events-reader-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        events = new KafkaConsumer<>(consumerConfig);
        events.subscribe(List.of(Topics.ORDER_TRIP_EVENTS));
    }

    void order(OrderSnapshot order) {
        send(Topics.ORDERS, order.orderId(), JSON.writeValueAsBytes(order));
    }

    void fixes(List<LocationUpdate> fixes) {
        for (LocationUpdate fix : fixes) {
            send(Topics.LOCATION_UPDATES, fix.driverId(), JSON.writeValueAsBytes(fix));
        }
    }

    /** Bytes that are no location update, keyed like one of {@code driverId}. */
    void poison(String driverId) {
        send(Topics.LOCATION_UPDATES, driverId, new byte[] {'{', (byte) 0xff, 0x00});
    }

    /** Every trip event of {@code orderId} read so far, in topic order, after polling once more. */
    List<TripEvent> events(String orderId) {
        for (ConsumerRecord<String, byte[]> record : events.poll(Duration.ofMillis(200))) {
            received.add(JSON.readValue(record.value(), TripEvent.class));
        }
        return received.stream().filter(event -> event.orderId().equals(orderId)).toList();
    }

    /** Whether the reader has read everything committed to the events topic up to now. */
    boolean caughtUp() {
        Map<org.apache.kafka.common.TopicPartition, Long> end = events.endOffsets(events.assignment());
        return !end.isEmpty() && end.entrySet().stream()
                .allMatch(partition -> events.position(partition.getKey()) >= partition.getValue());
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
        events.close();
    }
}
