package io.tracking.simulator.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.Topics;

/**
 * Reads the dead-letter topic for the original coordinates of its records (the {@code kafka_dlt-original-*} headers
 * the batch writer adds), to check that records it could not store were dead-lettered.
 */
public final class DeadLetters {

    /** Where a record of the location topic was: partition and offset. */
    public record Coordinates(int partition, long offset) {

        public static Coordinates of(RecordMetadata metadata) {
            return new Coordinates(metadata.partition(), metadata.offset());
        }
    }

    private DeadLetters() {
    }

    /**
     * The original coordinates of the dead letters read from the beginning of the topic until all of {@code expected}
     * were seen or {@code timeout} passed, whichever comes first; the caller compares.
     */
    public static Set<Coordinates> read(String bootstrapServers, Set<Coordinates> expected, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Set<Coordinates> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LOCATION_UPDATES_DLT, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!seen.containsAll(expected) && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Coordinates original = original(record);
                    if (original != null) {
                        seen.add(original);
                    }
                }
            }
        }
        return seen;
    }

    private static @Nullable Coordinates original(ConsumerRecord<byte[], byte[]> record) {
        Header topic = record.headers().lastHeader("kafka_dlt-original-topic");
        Header partition = record.headers().lastHeader("kafka_dlt-original-partition");
        Header offset = record.headers().lastHeader("kafka_dlt-original-offset");
        if (topic == null || partition == null || offset == null || topic.value() == null
                || partition.value() == null || partition.value().length != 4 || offset.value() == null
                || offset.value().length != 8
                || !Topics.LOCATION_UPDATES.equals(new String(topic.value(), StandardCharsets.UTF_8))) {
            return null;
        }
        return new Coordinates(ByteBuffer.wrap(partition.value()).getInt(), ByteBuffer.wrap(offset.value()).getLong());
    }
}
