package io.tracking.query.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks at the location topic through a consumer of its own (no group, {@code read_committed}, manual assignment):
 * its partitions, their beginning and end offsets, and the timestamp of the first record at or after a position.
 * Every broker call is bounded by {@code callTimeout}. Not thread-safe: one thread uses it, as the consumer demands.
 */
final class TopicProbe implements AutoCloseable {

    /** Offsets of the topic's partitions, by partition number; {@code end} is the last stable offset. */
    record Offsets(Map<Integer, Long> beginning, Map<Integer, Long> end) {
    }

    private static final Duration POLL_SLICE = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration callTimeout;

    /**
     * @param consumer configured with {@code isolation.level=read_committed} (its end offsets are then the last
     *        stable offsets, and it never returns records of aborted transactions) and
     *        {@code auto.offset.reset=earliest} (a position below the beginning reads from the beginning)
     */
    TopicProbe(Consumer<byte[], byte[]> consumer, String topic, Duration callTimeout) {
        this.consumer = consumer;
        this.topic = topic;
        this.callTimeout = callTimeout;
    }

    /** The partitions' offsets; both maps empty when the topic does not exist (yet). */
    Offsets offsets() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, callTimeout);
        Set<TopicPartition> partitions = new HashSet<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        if (partitions.isEmpty()) {
            return new Offsets(Map.of(), Map.of());
        }
        return new Offsets(byPartition(consumer.beginningOffsets(partitions, callTimeout)),
                byPartition(consumer.endOffsets(partitions, callTimeout)));
    }

    /**
     * The Kafka timestamp of the first record of each partition at or after its {@code from} position and before its
     * {@code before} offset. Empty for a partition where there is none: the offsets in between hold only transaction
     * markers (a position written after a transaction points at its commit marker) or aborted records.
     *
     * @throws TimeoutException when some partition is still undecided after {@code budget}
     */
    Map<Integer, Optional<Instant>> firstRecords(Map<Integer, Long> from, Map<Integer, Long> before, Duration budget)
            throws TimeoutException {
        Map<Integer, Optional<Instant>> found = new HashMap<>();
        if (from.isEmpty()) {
            return found;
        }
        Set<TopicPartition> pending = new HashSet<>();
        for (Integer partition : from.keySet()) {
            pending.add(new TopicPartition(topic, partition));
        }
        consumer.assign(pending);
        consumer.resume(consumer.paused());
        for (TopicPartition partition : pending) {
            consumer.seek(partition, from.get(partition.partition()));
        }
        long deadline = System.nanoTime() + budget.toNanos();
        while (true) {
            // a position at the end with nothing returned: the fetch stepped over markers and aborted records only
            for (var it = pending.iterator(); it.hasNext();) {
                TopicPartition partition = it.next();
                if (consumer.position(partition, callTimeout) >= before.get(partition.partition())) {
                    found.put(partition.partition(), Optional.empty());
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("No record read within " + budget + " on " + pending.size()
                        + " partitions of " + topic);
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofNanos(Math.min(left,
                    POLL_SLICE.toNanos())));
            for (TopicPartition partition : records.partitions()) {
                if (!pending.remove(partition)) {
                    continue;
                }
                ConsumerRecord<byte[], byte[]> first = records.records(partition).get(0);
                // a record past the end read before is newer than this measurement: nothing was owed before it
                found.put(partition.partition(), first.offset() < before.get(partition.partition())
                        ? Optional.of(Instant.ofEpochMilli(first.timestamp())) : Optional.empty());
                consumer.pause(Set.of(partition));
            }
        }
    }

    /** Makes a call in progress on another thread give up ({@code WakeupException}); for stopping. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(callTimeout));
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> result.put(partition.partition(), offset));
        return result;
    }
}
