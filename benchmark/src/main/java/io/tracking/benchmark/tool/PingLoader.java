package io.tracking.benchmark.tool;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;

/**
 * Puts simulated pings straight onto a Kafka topic, keyed by driver id, with the ingest service's producer settings
 * ({@code acks=all}, idempotence, lz4, 5 ms linger, 256 KiB batches); seed-format records go uncompressed.
 *
 * <p>Ping {@code r} belongs to driver {@code r mod drivers}; each driver's fixes lie one second apart on a timeline
 * that ends when the load starts, so they are valid (not in the future, well inside the 24 h window) and distinct.
 */
public final class PingLoader {

    private static final Duration SPACING = Duration.ofSeconds(1);

    /** How a ping is written as a record value. */
    public enum Format {

        /** The contract's {@code LocationUpdate} JSON, as the ingest service publishes it. */
        LOCATION_UPDATE,

        /** The seed design's {@code {"driver_id","latitude","longitude","timestamp"}}. */
        SEED
    }

    private final JsonMapper mapper = SimulatorJson.newMapper();
    private final String bootstrapServers;

    public PingLoader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Sends {@code pings} pings of {@code drivers} drivers named {@code prefix...} to {@code topic} and returns once
     * the broker acknowledged all of them.
     *
     * @throws IllegalStateException when a record was not acknowledged
     */
    public LoadedPings load(String topic, Format format, String prefix, int drivers, long pings, long seed) {
        Fleet fleet = Fleet.create(prefix, drivers, CityArea.BENGALURU, seed);
        long perDriver = (pings + drivers - 1) / drivers;
        Instant timelineStart = Instant.now().minus(SPACING.multipliedBy(perDriver));
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(format))) {
            Instant receivedAt = Instant.now();
            for (long r = 0; r < pings; r++) {
                int driver = (int) (r % drivers);
                Ping ping = fleet.path(driver).next(timelineStart.plus(SPACING.multipliedBy(r / drivers)));
                producer.send(new ProducerRecord<>(topic, ping.driverId(), value(ping, format, receivedAt)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + pings + " records to " + topic
                    + " were not acknowledged", firstError.get());
        }
        return new LoadedPings(prefix, drivers, pings, (System.nanoTime() - start) / 1e9);
    }

    /** Writes {@code count} LocationUpdate JSON documents, one a line, e.g. as ProducerPerformance payloads. */
    public void writePayloadFile(Path file, int count, long seed) throws IOException {
        Fleet fleet = Fleet.create("payload-", Math.max(1, count / 10), CityArea.BENGALURU, seed);
        Instant now = Instant.now();
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                Ping ping = fleet.path(i % fleet.size()).next(now.plusMillis(i));
                writer.write(new String(value(ping, Format.LOCATION_UPDATE, now), StandardCharsets.UTF_8));
                writer.newLine();
            }
        }
    }

    byte[] value(Ping ping, Format format, Instant receivedAt) {
        if (format == Format.LOCATION_UPDATE) {
            return mapper.writeValueAsBytes(ping.toLocationUpdate(receivedAt));
        }
        Map<String, Object> seed = new LinkedHashMap<>();
        seed.put("driver_id", ping.driverId());
        seed.put("latitude", ping.latitude());
        seed.put("longitude", ping.longitude());
        seed.put("timestamp", ping.recordedAt().toString());
        return mapper.writeValueAsBytes(seed);
    }

    private Map<String, Object> producerConfig(Format format) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-loader");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // kafkajs, the seed design's client, reads no lz4 without a plugin; its own producer sent uncompressed
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, format == Format.SEED ? "none" : "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
