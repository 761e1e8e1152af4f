package io.tracking.query.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

import io.tracking.contract.Topics;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.PingRef;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripEvidence;
import io.tracking.testsupport.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/** Publishes trip events and ETAs as the trip-event service does (key = order id, value = JSON), or any bytes. */
public final class TripProducer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.LINGER_MS_CONFIG, 0));

    /** The {@code n}th event of {@code type} of the order, decided by one ping at {@code at}. */
    public static TripEvent event(String orderId, String driverId, TripEventType type, int n, Instant at) {
        TripEvidence evidence = type.stop() == null ? TripEvidence.none()
                : new TripEvidence(List.of(new PingRef(driverId, at, 1, 42)), 18.5, 6.0,
                        type.name().startsWith("ARRIVED") ? 21.0 : null, 30.0);
        return new TripEvent(TripEvent.eventId(orderId, type, n), orderId, driverId, type, type.stop(), at,
                at.plusSeconds(1), evidence);
    }

    public static EtaUpdate eta(String orderId, String driverId, Stop stop, Instant at, Instant computedAt) {
        return new EtaUpdate(orderId, driverId, stop, Math.max(0, at.getEpochSecond() - computedAt.getEpochSecond()),
                at, computedAt, computedAt.minusSeconds(1), 900.0);
    }

    public void send(TripEvent event) {
        send(Topics.ORDER_TRIP_EVENTS, event.orderId(), JSON.writeValueAsBytes(event));
    }

    public void send(EtaUpdate eta) {
        send(Topics.ORDER_ETAS, eta.orderId(), JSON.writeValueAsBytes(eta));
    }

    /** Sends any bytes and waits until the broker has them. */
    public void send(String topic, @Nullable String key, byte @Nullable [] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("not acknowledged", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
