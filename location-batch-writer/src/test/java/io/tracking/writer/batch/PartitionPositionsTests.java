package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The positions of one life of a poll loop, with a mock consumer and a fake store: no broker, no database. */
class PartitionPositionsTests {

    private static final TopicPartition P0 = new TopicPartition("updates", 0);
    private static final TopicPartition P1 = new TopicPartition("updates", 1);
    private static final Duration BACKOFF = Duration.ofSeconds(5);

    private final MockConsumer<byte[], byte[]> kafka = new MockConsumer<>("earliest");
    private final WriterState state = new WriterState();
    private final List<String> holder = new ArrayList<>();

    @Test
    void shouldPauseAssignedPartitionsAndSeekToTheirStoredPositionsOrTheBeginning() {
        PartitionPositions positions = positions(partitions -> Map.of(P0, 42L, P1, ConsumerPositions.NO_ROW));
        kafka.updateBeginningOffsets(Map.of(P0, 0L, P1, 7L));

        assign(positions, P0, P1);

        assertThat(kafka.paused()).as("the loop resumes them").containsExactlyInAnyOrder(P0, P1);
        assertThat(kafka.position(P0)).isEqualTo(42);
        assertThat(kafka.position(P1)).isEqualTo(7);
        assertThat(positions.awaits(P0)).isFalse();
        assertThat(positions.awaits(P1)).isFalse();
        assertThat(positions.stored(Set.of(P0, P1))).isEqualTo(Map.of(P0, 42L, P1, ConsumerPositions.NO_ROW));
        assertThat(state.assignedPartitions()).isEqualTo(2);
    }

    @Test
    void shouldKeepAPartitionAwaitingItsPositionAndTryAgainAfterTheBackOffWhileTheDatabaseIsAway() {
        AtomicInteger loads = new AtomicInteger();
        PartitionPositions positions = positions(partitions -> {
            if (loads.incrementAndGet() == 1) {
                throw new SQLTransientConnectionException("connection refused", "08001");
            }
            return Map.of(P0, 42L);
        });

        assign(positions, P0);
        assertThat(positions.awaits(P0)).isTrue();
        assertThat(state.isFailing()).isTrue();
        long now = System.nanoTime();
        assertThat(positions.nanosUntilLoad(now)).isPositive();
        positions.load(now);
        assertThat(loads).as("not before the back-off").hasValue(1);

        positions.load(now + BACKOFF.toNanos());

        assertThat(loads).hasValue(2);
        assertThat(positions.awaits(P0)).isFalse();
        assertThat(positions.nanosUntilLoad(now)).isEqualTo(Long.MAX_VALUE);
        assertThat(kafka.position(P0)).isEqualTo(42);
    }

    @Test
    void shouldHandOnOnlyRecordsOfPartitionsWhosePositionIsKnownAndCountWhatIsReadAsLag() {
        PartitionPositions positions = positions(partitions -> {
            throw new SQLTransientConnectionException("connection refused", "08001");
        });
        kafka.assign(List.of(P0, P1));
        positions.committed(Map.of(P0, 10L));

        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> readable = positions.readable(
                new ConsumerRecords<>(Map.of(P0, records(P0, 10, 3), P1, records(P1, 0, 2)), Map.of()));

        assertThat(readable).containsOnlyKeys(P0);
        assertThat(readable.get(P0)).extracting(ConsumerRecord::offset).containsExactly(10L, 11L, 12L);
        assertThat(positions.lag()).as("read but not stored yet").isEqualTo(3 + brokerLag(P0));
    }

    @Test
    void shouldMoveStoredPositionsOnlyWhenAFlushCommittedAndCopyThemToKafka() {
        PartitionPositions positions = positions(partitions -> Map.of(P0, 10L));
        assign(positions, P0);
        positions.readable(new ConsumerRecords<>(Map.of(P0, records(P0, 10, 3)), Map.of()));
        assertThat(positions.stored(Set.of(P0))).isEqualTo(Map.of(P0, 10L));

        positions.committed(Map.of(P0, 13L));

        assertThat(positions.stored(Set.of(P0))).isEqualTo(Map.of(P0, 13L));
        assertThat(kafka.committed(Set.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(13L)));
        assertThat(positions.lag()).isEqualTo(brokerLag(P0));
    }

    @Test
    void shouldLoadTheStoredPositionAgainAfterAFencedFlush() {
        AtomicInteger loads = new AtomicInteger();
        PartitionPositions positions = positions(partitions -> Map.of(P0, loads.incrementAndGet() == 1 ? 10L : 500L));
        assign(positions, P0);

        positions.reload(Set.of(P0));

        assertThat(positions.awaits(P0)).isTrue();
        assertThat(positions.stored(Set.of(P0))).isEmpty();
        assertThat(positions.readable(new ConsumerRecords<>(Map.of(P0, records(P0, 10, 1)), Map.of()))).isEmpty();
        positions.load(System.nanoTime());
        assertThat(kafka.position(P0)).isEqualTo(500);
        assertThat(positions.stored(Set.of(P0))).isEqualTo(Map.of(P0, 500L));
    }

    @Test
    void shouldLetTheHolderWriteRevokedPartitionsWhileTheirPositionsAreKnownThenForgetThem() {
        PartitionPositions positions = positions(partitions -> Map.of(P0, 10L, P1, 20L));
        assign(positions, P0, P1);

        positions.onPartitionsRevoked(List.of(P0));
        positions.onPartitionsLost(List.of(P1));

        assertThat(holder).containsExactly("revoked [updates-0] known {updates-0=10}",
                "lost [updates-1] known {updates-1=20}");
        assertThat(positions.stored(Set.of(P0, P1))).isEmpty();
        assertThat(positions.readable(new ConsumerRecords<>(Map.of(P0, records(P0, 10, 1)), Map.of()))).isEmpty();
    }

    private PartitionPositions positions(PartitionPositions.Store store) {
        PartitionPositions[] self = new PartitionPositions[1];
        PartitionPositions.Holder recorder = new PartitionPositions.Holder() {

            @Override
            public void revoked(Set<TopicPartition> partitions) {
                holder.add("revoked " + partitions + " known " + self[0].stored(partitions));
            }

            @Override
            public void lost(Set<TopicPartition> partitions) {
                holder.add("lost " + partitions + " known " + self[0].stored(partitions));
            }
        };
        self[0] = new PartitionPositions(kafka, store, state, new RetryBackoff(BACKOFF, BACKOFF, 2.0), recorder);
        return self[0];
    }

    private void assign(PartitionPositions positions, TopicPartition... partitions) {
        Collection<TopicPartition> assigned = List.of(partitions);
        kafka.assign(assigned);
        positions.onPartitionsAssigned(assigned);
    }

    private long brokerLag(TopicPartition partition) {
        return kafka.currentLag(partition).orElse(0);
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(TopicPartition partition, long from, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[0],
                    new byte[0]));
        }
        return records;
    }
}
