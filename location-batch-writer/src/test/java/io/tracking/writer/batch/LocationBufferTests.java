package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tracking.contract.LocationUpdate;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LocationBufferTests {

    private static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(1);
    private static final TopicPartition P0 = new TopicPartition("updates", 0);
    private static final TopicPartition P1 = new TopicPartition("updates", 1);

    private final LocationBuffer buffer = new LocationBuffer(3, 5, MAX_WAIT, 6);

    @Test
    void shouldNotFlushWhenEmpty() {
        assertThat(buffer.shouldFlush(Long.MAX_VALUE / 2, 0)).isFalse();
        assertThat(buffer.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldFlushWhenBatchSizeIsReached() {
        buffer.add(P0, 0, ping(), 0);
        buffer.add(P0, 1, ping(), 0);
        assertThat(buffer.shouldFlush(1, 0)).isFalse();

        buffer.add(P1, 7, ping(), 0);

        assertThat(buffer.shouldFlush(1, 0)).isTrue();
    }

    @Test
    void shouldFlushMaxWaitAfterTheFirstRecord() {
        long start = 1_000;
        buffer.add(P0, 0, ping(), start);
        buffer.add(P0, 1, ping(), start + MAX_WAIT / 2);

        assertThat(buffer.shouldFlush(start + MAX_WAIT - 1, 0)).isFalse();
        assertThat(buffer.nanosUntilDue(start + MAX_WAIT / 2)).isEqualTo(MAX_WAIT / 2);
        assertThat(buffer.shouldFlush(start + MAX_WAIT, 0)).isTrue();
    }

    @Test
    void shouldRestartTheClockAfterADrain() {
        buffer.add(P0, 0, ping(), 0);
        buffer.drain();

        buffer.add(P0, 1, ping(), MAX_WAIT * 5);

        assertThat(buffer.shouldFlush(MAX_WAIT * 5 + 1, 0)).isFalse();
        assertThat(buffer.shouldFlush(MAX_WAIT * 6, 0)).isTrue();
    }

    @Test
    void shouldCountDeadLettersAndAdvanceTheirOffsets() {
        buffer.add(P0, 4, ping(), 0);
        buffer.addDeadLetter(P0, 5, null, 0);
        buffer.addDeadLetter(P1, 9, null, 0);

        assertThat(buffer.shouldFlush(1, 0)).isTrue();
        FlushBatch batch = buffer.drain();

        assertThat(batch.pings()).hasSize(1);
        assertThat(batch.deadLetters()).hasSize(2);
        assertThat(batch.nextOffsets()).containsEntry(P0, 6L).containsEntry(P1, 10L);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void shouldFlushOnTimeWhenOnlyDeadLettersAreBuffered() {
        buffer.addDeadLetter(P0, 5, null, 0);

        assertThat(buffer.shouldFlush(MAX_WAIT - 1, 0)).isFalse();
        assertThat(buffer.shouldFlush(MAX_WAIT, 0)).isTrue();
    }

    @Test
    void shouldBeFullAtCapacityCountingRecordsBeingWritten() {
        buffer.add(P0, 0, ping(), 0);
        buffer.add(P0, 1, ping(), 0);

        assertThat(buffer.isFull(0)).isFalse();
        assertThat(buffer.isFull(3)).isFalse();
        assertThat(buffer.isFull(4)).isTrue();
    }

    @Test
    void shouldDropWhatWasReadFromRevokedPartitions() {
        buffer.add(P0, 0, ping(), 0);
        buffer.add(P1, 3, ping(), 0);
        buffer.add(P0, 1, ping(), 0);

        buffer.drop(Set.of(P0));

        FlushBatch batch = buffer.drain();
        assertThat(batch.pings()).extracting(BufferedPing::partition).containsExactly(P1);
        assertThat(batch.nextOffsets()).containsOnlyKeys(P1).containsEntry(P1, 4L);
    }

    @Test
    void shouldMergeARetriedBatchWithWhatArrivedMeanwhile() {
        buffer.add(P0, 0, ping(), 0);
        FlushBatch failed = buffer.drain();
        buffer.add(P0, 1, ping(), 10);
        buffer.add(P1, 8, ping(), 10);

        FlushBatch merged = failed.followedBy(buffer.drain());

        assertThat(merged.pings()).hasSize(3);
        assertThat(merged.nextOffsets()).containsEntry(P0, 2L).containsEntry(P1, 9L);
        assertThat(merged.firstBufferedNanos()).isZero();
    }

    @Test
    void shouldWaitForALargerFlushWhileABacklogWaitsOnTheBroker() {
        for (int offset = 0; offset < 4; offset++) {
            buffer.add(P0, offset, ping(), 0);
        }

        assertThat(buffer.shouldFlush(1, 0)).isTrue();
        assertThat(buffer.shouldFlush(1, 100)).isFalse();
        buffer.add(P0, 4, ping(), 0);
        assertThat(buffer.shouldFlush(1, 100)).isTrue();
    }

    @Test
    void shouldStillFlushOnTimeDuringABacklog() {
        buffer.add(P0, 0, ping(), 0);

        assertThat(buffer.shouldFlush(MAX_WAIT - 1, 1_000)).isFalse();
        assertThat(buffer.shouldFlush(MAX_WAIT, 1_000)).isTrue();
    }

    @Test
    void shouldKeepOneDriverIdStringForAllBufferedPingsOfADriverAcrossFlushes() {
        Instant now = Instant.now();
        buffer.add(P0, 0, new LocationUpdate(new String("driver-7"), 12.97, 77.59, now, now, null, null, null), 0);
        buffer.add(P0, 1, new LocationUpdate(new String("driver-7"), 12.98, 77.60, now.plusSeconds(1),
                now.plusSeconds(1), 3.0, null, null), 0);
        FlushBatch first = buffer.drain();
        buffer.add(P0, 2, new LocationUpdate(new String("driver-7"), 12.99, 77.61, now.plusSeconds(2),
                now.plusSeconds(2), null, null, null), 0);
        FlushBatch second = buffer.drain();

        String kept = first.pings().get(0).driverId();
        assertThat(first.pings().get(1).driverId()).isSameAs(kept);
        assertThat(second.pings().get(0).driverId()).isSameAs(kept);
        assertThat(first.pings().get(1).accuracyMeters()).isEqualTo(3.0);
        assertThat(first.pings().get(0).accuracyMeters()).isNaN();
    }

    private static LocationUpdate ping() {
        Instant now = Instant.now();
        return new LocationUpdate("driver-" + UUID.randomUUID(), 12.97, 77.59, now, now, null, null, null);
    }
}
