package io.tracking.trips.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.tracking.contract.LocationUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class FixTimestampExtractorTests {

    private static final Instant STAMPED = Instant.parse("2026-12-07T12:00:00Z");

    private final FixTimestampExtractor extractor = new FixTimestampExtractor(Duration.ofSeconds(5));

    @Test
    void shouldUseRecordedAtAsEventTime() {
        Instant recorded = STAMPED.minusSeconds(40);

        assertThat(extractor.extract(record(update(recorded), STAMPED.toEpochMilli()), -1))
                .isEqualTo(recorded.toEpochMilli());
    }

    @Test
    void shouldClampARecordedAtAheadOfTheRecordTimestampToTheAllowedSkew() {
        Instant nextYear = STAMPED.plus(Duration.ofDays(365));

        long extracted = extractor.extract(record(update(nextYear), STAMPED.toEpochMilli()), -1);

        assertThat(extracted).isEqualTo(STAMPED.plusSeconds(5).toEpochMilli());
        assertThat(FixTimestampExtractor.isFromTheFuture(update(nextYear), extracted)).isTrue();
        assertThat(FixTimestampExtractor.isFromTheFuture(update(STAMPED.plusSeconds(3)),
                extractor.extract(record(update(STAMPED.plusSeconds(3)), STAMPED.toEpochMilli()), -1))).isFalse();
    }

    @Test
    void shouldKeepTheRecordTimestampOfAValueWithoutRecordedAt() {
        assertThat(extractor.extract(record(update(null), STAMPED.toEpochMilli()), -1))
                .isEqualTo(STAMPED.toEpochMilli());
        assertThat(extractor.extract(record("not an update", STAMPED.toEpochMilli()), -1))
                .isEqualTo(STAMPED.toEpochMilli());
    }

    @Test
    void shouldFallBackToPartitionTimeWithoutARecordTimestamp() {
        long partitionTime = STAMPED.toEpochMilli();

        assertThat(extractor.extract(record(update(STAMPED.plusSeconds(60)), -1), partitionTime))
                .isEqualTo(partitionTime + 5_000);
    }

    private static LocationUpdate update(Instant recordedAt) {
        return new LocationUpdate("d-1", 52.5, 13.4, recordedAt, STAMPED, null, null, null);
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("driver-location-updates", 0, 0, timestamp, TimestampType.CREATE_TIME, 0, 0,
                "d-1", value, new RecordHeaders(), Optional.empty());
    }
}
