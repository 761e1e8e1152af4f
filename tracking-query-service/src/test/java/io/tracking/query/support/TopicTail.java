package io.tracking.query.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import io.tracking.testsupport.TestInfrastructure;

/**
 * Everything published to a topic of the test broker from the moment it was opened on: all partitions, from their
 * end, no group. Records are collected by {@link #records()} on the test's thread.
 */
public final class TopicTail implements AutoCloseable {

    /** A record's key and value as text (null for a tombstone), with its coordinates. */
    public record Record(String key, @Nullable String value, int partition, long offset) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Record> seen = new ArrayList<>();

    private TopicTail(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(10)));
    }

    public static TopicTail of(String topic) {
        return new TopicTail(topic);
    }

    /** All records seen so far, after reading what has arrived since the last call. */
    public List<Record> records() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            byte[] value = record.value();
            seen.add(new Record(record.key(), value == null ? null : new String(value, StandardCharsets.UTF_8),
                    record.partition(), record.offset()));
        }
        return List.copyOf(seen);
    }

    /** The records seen so far whose key matches. */
    public List<Record> records(Predicate<String> key) {
        return records().stream().filter(record -> key.test(record.key())).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
