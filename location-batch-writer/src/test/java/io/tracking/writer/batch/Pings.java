package io.tracking.writer.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Test pings on the shared broker, and what the database holds of them. */
final class Pings implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private @Nullable KafkaProducer<byte[], byte[]> rawProducer;

    Pings(String topic) {
        this.topic = topic;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // The application under test creates the topic moments before: a first batch refused with
        // NOT_LEADER_OR_FOLLOWER while later in-flight batches of the same idempotent producer got through left it
        // retrying sequence 0 against a partition at sequence 54 until the delivery timeout. One request in flight
        // retries the first batch before anything follows it.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(config);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> producer.partitionsFor(topic).stream().allMatch(partition -> partition.leader() != null));
    }

    static String newDriverId() {
        return "driver-" + UUID.randomUUID();
    }

    /** A valid ping; the times are truncated to microseconds, the database's precision. */
    static LocationUpdate ping(String driverId, Instant recordedAt) {
        Instant recorded = recordedAt.truncatedTo(ChronoUnit.MICROS);
        return new LocationUpdate(driverId, 12.9716, 77.5946, recorded, recorded.plusMillis(300), 5.0, 8.5, 180.0);
    }

    /** {@code count} pings of {@code driverId}, one second apart, ending now. */
    static List<LocationUpdate> track(String driverId, int count) {
        Instant start = Instant.now().minusSeconds(count);
        List<LocationUpdate> pings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pings.add(ping(driverId, start.plusSeconds(i)));
        }
        return pings;
    }

    static byte[] json(LocationUpdate update) {
        return JSON.writeValueAsBytes(update);
    }

    void send(LocationUpdate... updates) {
        send(List.of(updates));
    }

    void send(List<LocationUpdate> updates) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(updates.size());
        for (LocationUpdate update : updates) {
            sent.add(producer.send(new ProducerRecord<>(topic, update.driverId(), json(update))));
        }
        await(sent);
    }

    RecordMetadata sendRaw(String key, byte[] value) {
        return await(List.of(producer.send(new ProducerRecord<>(topic, key, value)))).get(0);
    }

    /** Sends exactly these bytes and headers, as an outside client could; waits for the broker's acknowledgement. */
    RecordMetadata sendBytes(byte @Nullable [] key, byte @Nullable [] value, Header... headers) {
        if (rawProducer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            rawProducer = new KafkaProducer<>(config);
        }
        return await(List.of(rawProducer.send(new ProducerRecord<>(topic, null, key, value, List.of(headers)))))
                .get(0);
    }

    /**
     * The records on {@code deadLetterTopic} whose {@code kafka_dlt-original-*} coordinates are among
     * {@code originals}, waiting until all of them arrived.
     */
    static Map<RecordMetadata, ConsumerRecord<byte[], byte[]>> readDeadLetters(String deadLetterTopic,
            List<RecordMetadata> originals) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dlt-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<RecordMetadata, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(deadLetterTopic));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header partition = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
                    Header offset = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
                    for (RecordMetadata original : originals) {
                        if (partition != null && offset != null && original.topic().equals(header(record,
                                KafkaHeaders.DLT_ORIGINAL_TOPIC))
                                && ByteBuffer.wrap(partition.value()).getInt() == original.partition()
                                && ByteBuffer.wrap(offset.value()).getLong() == original.offset()) {
                            found.put(original, record);
                        }
                    }
                }
                return found.size() == originals.size();
            });
        }
        return found;
    }

    /** The last header of that name as UTF-8, or "" when there is none. */
    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<RecordMetadata> await(List<Future<RecordMetadata>> sent) {
        List<RecordMetadata> metadata = new ArrayList<>(sent.size());
        try {
            for (Future<RecordMetadata> future : sent) {
                metadata.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return metadata;
    }

    /** Sum of the end offsets of the topic's partitions. */
    long endOffsets() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(info -> request.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    static long storedPositions(JdbcTemplate jdbc, String group, String topic) {
        Long sum = jdbc.queryForObject("SELECT coalesce(sum(next_offset), 0) FROM kafka_consumer_positions"
                + " WHERE consumer_group = ? AND topic = ?", Long.class, group, topic);
        return sum == null ? 0 : sum;
    }

    static int historyRows(JdbcTemplate jdbc, String driverId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM location_history WHERE driver_id = ?",
                Integer.class, driverId);
        return count == null ? 0 : count;
    }

    static int historyRows(JdbcTemplate jdbc, List<String> driverIds) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM location_history WHERE driver_id = ANY (?)",
                Integer.class, (Object) driverIds.toArray(new String[0]));
        return count == null ? 0 : count;
    }

    @Override
    public void close() {
        producer.close();
        if (rawProducer != null) {
            rawProducer.close();
        }
    }
}
