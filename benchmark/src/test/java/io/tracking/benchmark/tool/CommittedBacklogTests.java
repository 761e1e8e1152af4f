package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommittedBacklogTests {

    private static final TopicPartition P0 = new TopicPartition("driver-location-updates", 0);
    private static final TopicPartition P1 = new TopicPartition("driver-location-updates", 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
    private final CommittedBacklog backlog = new CommittedBacklog(consumer);

    @Test
    void shouldNotReadPartitionsWhosePositionReachedTheEnd() {
        assertThat(backlog.behind(Map.of(P0, 10L), Map.of(P0, 10L), TIMEOUT)).isEmpty();
        assertThat(consumer.assignment()).isEmpty();
    }

    @Test
    void shouldCountACommitMarkerAfterTheLastStoredRecordAsCaughtUp() {
        // the real client moves its position past a control batch without returning a record
        consumer.schedulePollTask(() -> consumer.seek(P0, 11));

        assertThat(backlog.behind(Map.of(P0, 11L), Map.of(P0, 10L), TIMEOUT)).isEmpty();
    }

    @Test
    void shouldCountARecordNotYetStoredAsBehind() {
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(P1.topic(), 1, 10, new byte[0], new byte[0]));
            consumer.seek(P0, 11);
        });

        assertThat(backlog.behind(Map.of(P0, 11L, P1, 11L), Map.of(P0, 10L, P1, 10L), TIMEOUT))
                .containsExactly(P1);
    }

    @Test
    void shouldReadAPartitionWithoutStoredPositionFromTheStart() {
        consumer.schedulePollTask(() -> consumer.addRecord(
                new ConsumerRecord<>(P0.topic(), 0, 0, new byte[0], new byte[0])));

        assertThat(backlog.behind(Map.of(P0, 1L), Map.of(), TIMEOUT)).containsExactly(P0);
    }

    @Test
    void shouldCountAPartitionNotReadThroughInTimeAsBehind() {
        // an open transaction: the last stable offset holds the consumer back, nothing is returned
        assertThat(backlog.behind(Map.of(P0, 20L), Map.of(P0, 10L), Duration.ofMillis(300))).containsExactly(P0);
        assertThat(consumer.assignment()).isEmpty();
    }
}
