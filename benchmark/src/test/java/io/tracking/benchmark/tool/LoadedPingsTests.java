package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LoadedPingsTests {

    private static final TopicPartition P0 = new TopicPartition("driver-location-updates", 0);
    private static final TopicPartition P1 = new TopicPartition("driver-location-updates", 1);

    // P0: an earlier transaction's last record at 99 and its commit marker at 100, so this load starts at 101
    private final LoadedPings loaded = new LoadedPings("drain-abc123-", 10, 150, 1.0,
            Map.of(P0, new LoadedPings.Span(101, 200, 100), P1, new LoadedPings.Span(0, 49, 50)));

    @Test
    void shouldCountNothingStoredWhileTheWriterStandsBeforeTheLoad() {
        assertThat(loaded.storedBy(Map.of(P0, 100L))).isZero();
        assertThat(loaded.storedBy(Map.of())).isZero();
    }

    @Test
    void shouldCountTheRecordsBelowTheStoredPositions() {
        assertThat(loaded.storedBy(Map.of(P0, 151L, P1, 10L))).isEqualTo(60);
        assertThat(loaded.storedBy(Map.of(P0, 201L, P1, 50L))).isEqualTo(150);
    }

    @Test
    void shouldCountOnlyTheLoadsOwnRecords() {
        assertThat(loaded.storedBy(Map.of(P0, 260L, P1, 50L))).isEqualTo(150);
    }

    @Test
    void shouldTellWhetherAnotherProducerWroteInBetween() {
        assertThat(loaded.contiguous()).isTrue();
        assertThat(new LoadedPings("p-", 1, 2, 1.0, Map.of(P0, new LoadedPings.Span(0, 2, 2))).contiguous())
                .isFalse();
    }
}
