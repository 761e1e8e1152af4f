package io.tracking.benchmark.tool;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Which partitions still hold a record for a consumer that stores "offset of its last record + 1" (the batch
 * writer's stored positions), read as its {@code read_committed} consumer reads them.
 *
 * <p>Comparing such positions with end offsets is not enough: a committed transaction leaves a commit marker (a
 * control record) after its records, which takes an offset but is never delivered, and an aborted one leaves records
 * a {@code read_committed} consumer skips. The writer's position then stays short of the end offset for good. So a
 * partition whose end lies beyond the stored position is read from that position, without a consumer group: a
 * record delivered below the end means the writer is behind; a consumer position that moves to the end without
 * delivering one (the client skips control batches and aborted records, and moves on) means it is not. A partition
 * not read through within the timeout (e.g. an open transaction holds the last stable offset back) counts as behind.
 */
public final class CommittedBacklog implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;

    public CommittedBacklog(String bootstrapServers) {
        this(new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "benchmark-backlog-probe",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
    }

    CommittedBacklog(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * The partitions of {@code ends} (end offsets) holding a record at or after the stored position (0 where
     * {@code positions} has none) that a {@code read_committed} consumer would receive.
     */
    public Set<TopicPartition> behind(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> positions,
            Duration timeout) {
        Map<TopicPartition, Long> from = new HashMap<>();
        ends.forEach((partition, end) -> {
            long position = positions.getOrDefault(partition, 0L);
            if (end > position) {
                from.put(partition, position);
            }
        });
        if (from.isEmpty()) {
            return Set.of();
        }
        Set<TopicPartition> open = new HashSet<>(from.keySet());
        Set<TopicPartition> behind = new HashSet<>();
        consumer.assign(from.keySet());
        try {
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (open.contains(partition) && record.offset() < ends.get(partition)) {
                        behind.add(partition);
                        open.remove(partition);
                    }
                }
                open.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
                consumer.pause(difference(from.keySet(), open));
            }
        } finally {
            consumer.assign(List.of());
        }
        behind.addAll(open);
        return behind;
    }

    private static Set<TopicPartition> difference(Set<TopicPartition> all, Set<TopicPartition> open) {
        Set<TopicPartition> decided = new HashSet<>(all);
        decided.removeAll(open);
        return decided;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
