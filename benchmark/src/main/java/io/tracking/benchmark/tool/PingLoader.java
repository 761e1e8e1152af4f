package io.tracking.benchmark.tool;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;

/**
 * Puts simulated pings straight onto a Kafka topic, keyed by driver id, with the ingest service's producer settings
 * ({@code acks=all}, idempotence, snappy, 5 ms linger, 256 KiB batches); seed-format records go uncompressed. A load
 * can also go inside one transaction, so that a {@code read_committed} consumer gets the whole backlog at once.
 *
 * <p>Ping {@code r} belongs to driver {@code r mod drivers}; each driver's fixes lie one second apart on a timeline
 * that ends when the load starts, so they are valid (not in the future, well inside the 24 h window) and distinct.
 */
public final class PingLoader {

    private static final Duration SPACING = Duration.ofSeconds(1);

    /**
     * How long the broker lets a load's transaction stay open before aborting it: ample for a million pings on a
     * busy machine, below the broker's default {@code transaction.max.timeout.ms} (15 minutes).
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

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
        return send(topic, format, prefix, drivers, pings, seed, null, () -> { });
    }

    /**
     * As {@link #load}, but every record inside one Kafka transaction of a producer with {@code transactionalId}
     * (unique per load: a new producer with the same id would fence an unfinished one): a {@code read_committed}
     * consumer sees none of them until {@code commitTransaction()}, and then the whole backlog at once. Runs
     * {@code committed} as soon as the commit returned, before the producer closes, e.g. to start a clock.
     *
     * <p>The commit leaves one control record (the commit marker) after the records on each partition: the
     * partition's end offset is then one beyond the last record, which no consumer ever receives or stores.
     *
     * @throws IllegalStateException when a record was not acknowledged (the transaction is then aborted)
     */
    public LoadedPings loadInTransaction(String topic, String transactionalId, Format format, String prefix,
            int drivers, long pings, long seed, Runnable committed) {
        return send(topic, format, prefix, drivers, pings, seed, transactionalId, committed);
    }

    private LoadedPings send(String topic, Format format, String prefix, int drivers, long pings, long seed,
            @Nullable String transactionalId, Runnable committed) {
        Fleet fleet = Fleet.create(prefix, drivers, CityArea.BENGALURU, seed);
        long perDriver = (pings + drivers - 1) / drivers;
        Instant timelineStart = Instant.now().minus(SPACING.multipliedBy(perDriver));
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        PartitionOffsets offsets = new PartitionOffsets(topic);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(format, transactionalId))) {
            if (transactionalId != null) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            Instant receivedAt = Instant.now();
            for (long r = 0; r < pings; r++) {
                int driver = (int) (r % drivers);
                Ping ping = fleet.path(driver).next(timelineStart.plus(SPACING.multipliedBy(r / drivers)));
                producer.send(new ProducerRecord<>(topic, ping.driverId(), value(ping, format, receivedAt)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, error);
                            } else {
                                offsets.add(metadata.partition(), metadata.offset());
                            }
                        });
            }
            producer.flush();
            if (transactionalId != null) {
                if (failed.get() == 0) {
                    producer.commitTransaction();
                    committed.run();
                } else {
                    producer.abortTransaction();
                }
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + pings + " records to " + topic
                    + " were not acknowledged", firstError.get());
        }
        return new LoadedPings(prefix, drivers, pings, (System.nanoTime() - start) / 1e9, offsets.spans());
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

    private Map<String, Object> producerConfig(Format format, @Nullable String transactionalId) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-loader");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // kafkajs, the seed design's client, reads no snappy or lz4 without a plugin; its own producer sent uncompressed
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, format == Format.SEED ? "none" : "snappy");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        }
        return config;
    }

    /** The first and last offset and the count of acknowledged records per partition, fed by send callbacks. */
    static final class PartitionOffsets {

        private final String topic;
        private final Map<Integer, long[]> spans = new HashMap<>();

        PartitionOffsets(String topic) {
            this.topic = topic;
        }

        /** Called from the producer's I/O thread; read once the producer is closed. */
        synchronized void add(int partition, long offset) {
            long[] span = spans.computeIfAbsent(partition, p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            span[0] = Math.min(span[0], offset);
            span[1] = Math.max(span[1], offset);
            span[2]++;
        }

        synchronized Map<TopicPartition, LoadedPings.Span> spans() {
            Map<TopicPartition, LoadedPings.Span> result = new HashMap<>();
            spans.forEach((partition, span) -> result.put(new TopicPartition(topic, partition),
                    new LoadedPings.Span(span[0], span[1], span[2])));
            return result;
        }
    }
}
