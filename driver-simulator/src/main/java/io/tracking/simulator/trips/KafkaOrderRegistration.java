package io.tracking.simulator.trips;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.contract.Topics;
import io.tracking.contract.trip.OrderSnapshot;

/**
 * Publishes each order's first snapshot (version 1, status {@code ASSIGNED}, assigned at {@code assignedAt})
 * straight onto {@link Topics#ORDERS}, as the query service's outbox relay would: the one way to assign orders in
 * the past, which a replay of trips faster than real time needs (see {@link DeliveryRun}).
 */
final class KafkaOrderRegistration implements OrderRegistration {

    private final KafkaProducer<String, byte[]> producer;
    private final JsonMapper mapper;
    private final Instant assignedAt;
    private final Duration timeout;

    KafkaOrderRegistration(String bootstrapServers, JsonMapper mapper, Instant assignedAt, Duration timeout) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "driver-simulator-orders");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.mapper = mapper;
        this.assignedAt = assignedAt;
        this.timeout = timeout;
    }

    @Override
    public Instant register(List<DeliveryOrder> orders) throws InterruptedException {
        List<Future<RecordMetadata>> sent = orders.stream().map(order -> producer.send(new ProducerRecord<>(
                Topics.ORDERS, order.orderId(), mapper.writeValueAsBytes(snapshot(order))))).toList();
        producer.flush();
        for (Future<RecordMetadata> one : sent) {
            try {
                one.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("an order snapshot was not acknowledged: " + e);
            }
        }
        return assignedAt;
    }

    private OrderSnapshot snapshot(DeliveryOrder order) {
        return new OrderSnapshot(order.orderId(), 1, order.driverId(), OrderSnapshot.ASSIGNED, order.pickup(),
                order.dropoff(), assignedAt, assignedAt, null);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
