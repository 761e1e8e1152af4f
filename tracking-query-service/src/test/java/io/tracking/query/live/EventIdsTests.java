package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventIdsTests {

    @Test
    void shouldUseMicrosecondsSinceTheEpoch() {
        assertThat(EventIds.of(Instant.parse("2025-01-01T00:00:00.123456789Z"))).isEqualTo(1735689600123456L);
    }

    @Test
    void shouldRoundTripAtMicrosecondPrecision() {
        Instant instant = Instant.parse("2025-06-30T23:59:59.999999Z");
        assertThat(EventIds.toInstant(EventIds.of(instant))).isEqualTo(instant);
        assertThat(EventIds.toInstant(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }
}
