package io.tracking.query.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import io.tracking.testsupport.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/** Publishes location updates the way the ingest service does: key = driver id, value = the record as JSON. */
public final class LocationProducer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.LINGER_MS_CONFIG, 0));

    public RecordMetadata publish(String driverId, double latitude, double longitude, Instant recordedAt) {
        return publish(new LocationUpdate(driverId, latitude, longitude, recordedAt, Instant.now(), null, null, null));
    }

    public RecordMetadata publish(LocationUpdate update) {
        return publishRaw(update.driverId(), JSON.writeValueAsBytes(update));
    }

    /** Sends all of {@code updates} at once, then waits until the broker has every one. */
    public void publishAll(List<LocationUpdate> updates) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(updates.size());
        for (LocationUpdate update : updates) {
            sent.add(producer.send(new ProducerRecord<>(Topics.LOCATION_UPDATES,
                    update.driverId().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(update))));
        }
        for (Future<RecordMetadata> result : sent) {
            await(result);
        }
    }

    public RecordMetadata publishRaw(String key, byte[] value) {
        return await(producer.send(new ProducerRecord<>(Topics.LOCATION_UPDATES, key.getBytes(StandardCharsets.UTF_8),
                value)));
    }

    private static RecordMetadata await(Future<RecordMetadata> result) {
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
