package io.tracking.query.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WriterLagTests {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Nested
    class Records {

        @Test
        void shouldCountFromTheStoredPosition() {
            assertThat(WriterLag.startOffset(40L, 10)).isEqualTo(40);
            assertThat(WriterLag.recordsBehind(40, 55)).isEqualTo(15);
        }

        @Test
        void shouldCountAPartitionWithoutAStoredRowFromItsBeginning() {
            assertThat(WriterLag.startOffset(null, 7)).isEqualTo(7);
        }

        @Test
        void shouldCountAPositionBelowTheBeginningFromTheBeginning() {
            assertThat(WriterLag.startOffset(3L, 7)).isEqualTo(7);
        }

        @Test
        void shouldNeverCountNegativeWhenTheEndWasReadBeforeThePositionMoved() {
            assertThat(WriterLag.recordsBehind(60, 55)).isZero();
        }

        @Test
        void shouldSumOverPartitionsLeavingOutThoseWithNothingToStore() {
            Map<Integer, Long> start = Map.of(0, 10L, 1, 20L, 2, 30L, 3, 5L);
            Map<Integer, Long> end = Map.of(0, 15L, 1, 21L, 2, 29L, 3, 9L);

            assertThat(WriterLag.totalRecords(start, end, Set.of())).isEqualTo(5 + 1 + 0 + 4);
            assertThat(WriterLag.totalRecords(start, end, Set.of(1))).as("partition 1 holds only a commit marker")
                    .isEqualTo(5 + 0 + 4);
        }

        @Test
        void shouldCountNothingForAPartitionWithoutAnEndOffset() {
            assertThat(WriterLag.totalRecords(Map.of(0, 10L), Map.of(), Set.of())).isZero();
        }
    }

    @Nested
    class Seconds {

        @Test
        void shouldBeTheAgeOfTheOldestFirstUnstoredRecord() {
            double age = WriterLag.oldestAgeSeconds(NOW,
                    List.of(NOW.minusMillis(1_500), NOW.minusSeconds(42), NOW.minusMillis(10)));

            assertThat(age).isEqualTo(42.0, within(1e-9));
        }

        @Test
        void shouldBeZeroWhenNothingIsUnstored() {
            assertThat(WriterLag.oldestAgeSeconds(NOW, List.of())).isZero();
        }

        @Test
        void shouldBeZeroForARecordStampedAheadOfOurClock() {
            assertThat(WriterLag.oldestAgeSeconds(NOW, List.of(NOW.plusSeconds(3)))).isZero();
        }
    }

    @Nested
    class Freshness {

        private final Duration interval = Duration.ofSeconds(5);
        private final long takenAt = 1_000_000_000L;

        @Test
        void shouldStayFreshForJustUnderThreeIntervals() {
            assertThat(WriterLag.isFresh(takenAt, takenAt + Duration.ofMillis(14_999).toNanos(), interval)).isTrue();
            assertThat(WriterLag.isFresh(takenAt, takenAt + Duration.ofSeconds(15).toNanos(), interval)).isFalse();
        }

        @Test
        void shouldCompareMonotonicTimesAcrossTheirWrapAround() {
            long nearOverflow = Long.MAX_VALUE - 1_000;
            assertThat(WriterLag.isFresh(nearOverflow, nearOverflow + 2_000, interval)).isTrue();
        }

        @Test
        void shouldReportNaNRatherThanAStaleValue() {
            assertThat(WriterLag.reported(0, false)).isNaN();
            assertThat(WriterLag.reported(0, true)).isZero();
            assertThat(WriterLag.reported(12.5, true)).isEqualTo(12.5);
        }
    }
}
