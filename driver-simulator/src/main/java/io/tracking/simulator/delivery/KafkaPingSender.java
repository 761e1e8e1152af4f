package io.tracking.simulator.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/**
 * Produces each ping as a {@link io.tracking.contract.LocationUpdate} (receivedAt = now) onto the location topic,
 * keyed by driver id, exactly as the ingest service would: this loads the batch writer without HTTP in front.
 * A ping is accepted once the broker acknowledged it on all in-sync replicas.
 */
public final class KafkaPingSender implements PingSender {

    private final Producer<String, byte[]> producer;
    private final JsonMapper mapper;
    private final String topic;

    KafkaPingSender(Producer<String, byte[]> producer, JsonMapper mapper, String topic) {
        this.producer = producer;
        this.mapper = mapper;
        this.topic = topic;
    }

    /**
     * A sender with an idempotent, batching producer ({@code acks=all}, lz4, 5 ms linger), once the broker served
     * the topic's metadata.
     */
    public static KafkaPingSender create(String bootstrapServers, String topic, JsonMapper mapper,
            Duration requestTimeout) {
        int requestTimeoutMs = (int) Math.max(1_000, requestTimeout.toMillis());
        Map<String, Object> config = Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "driver-simulator"),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs),
                // the simulator reports a dead broker as errors quickly instead of retrying for minutes
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, requestTimeoutMs + 5_000),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestTimeoutMs),
                Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
                Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
        try {
            // fail the run at once rather than let every send block for max.block.ms on an unreachable broker;
            // it also keeps the metadata round trip out of the first latencies
            producer.partitionsFor(topic);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not serve topic " + topic
                    + " within " + requestTimeoutMs + " ms: " + e.getMessage(), e);
        }
        return new KafkaPingSender(producer, mapper, topic);
    }

    @Override
    public CompletableFuture<SendOutcome> send(List<Ping> pings) {
        if (pings.size() != 1) {
            throw new IllegalArgumentException("one ping per record, got " + pings.size());
        }
        Ping ping = pings.get(0);
        byte[] value = mapper.writeValueAsBytes(ping.toLocationUpdate(Instant.now()));
        CompletableFuture<SendOutcome> result = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, ping.driverId(), value), (metadata, error) ->
                    result.complete(error == null ? SendOutcome.allAccepted(pings) : SendOutcome.failed(1, error)));
        } catch (RuntimeException e) {
            // send() throws when it cannot even enqueue the record, e.g. no metadata within max.block.ms
            result.complete(SendOutcome.failed(1, e));
        }
        return result;
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
