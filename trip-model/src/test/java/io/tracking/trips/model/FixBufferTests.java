package io.tracking.trips.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.trips.model.FixBuffer.Placement;

class FixBufferTests {

    private static final GeoPoint HERE = new GeoPoint(12.9716, 77.5946);
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final TripParameters PARAMETERS = TripParameters.defaults();

    @Test
    void shouldKeepFixesInEventTimeOrderWhateverOrderTheyCameIn() {
        List<Fix> fixes = Track.of("d-1", HERE, T0).moveTo(Track.offset(HERE, 200, 0), 5).fixes();
        FixBuffer buffer = FixBuffer.empty();

        for (int i : new int[] {0, 2, 1, 4, 3, 5}) {
            assertThat(buffer.placement(fixes.get(i), PARAMETERS.grace())).isEqualTo(Placement.PLACED);
            buffer.add(fixes.get(i));
        }

        assertThat(buffer.fixes()).containsExactlyElementsOf(fixes.subList(0, 6));
        assertThat(buffer.placement(fixes.get(3), PARAMETERS.grace())).isEqualTo(Placement.DUPLICATE);
    }

    @Test
    void shouldCallLateWhatIsOlderThanTheGraceWindowOrThanAnEvictedFix() {
        List<Fix> fixes = Track.of("d-1", HERE, T0).stay(Duration.ofMinutes(2)).fixes();
        FixBuffer buffer = FixBuffer.empty();
        fixes.subList(10, fixes.size()).forEach(buffer::add);

        assertThat(buffer.placement(fixes.get(9), Duration.ofSeconds(120))).isEqualTo(Placement.PLACED);
        assertThat(buffer.placement(fixes.get(9), Duration.ofSeconds(30))).isEqualTo(Placement.LATE);

        buffer.evict(Duration.ofSeconds(20), buffer.track(PARAMETERS));
        Fix evicted = fixes.get(10);
        assertThat(buffer.fixes()).doesNotContain(evicted).hasSizeGreaterThanOrEqualTo(FixBuffer.MIN_KEPT);
        assertThat(buffer.placement(evicted, Duration.ofHours(1))).isEqualTo(Placement.LATE);
    }

    @Test
    void shouldLeaveAGpsJumpOutOfTheTrackButFollowARealMove() {
        List<Fix> jump = Track.of("d-1", HERE, T0).stay(Duration.ofSeconds(20)).jump(400)
                .stay(Duration.ofSeconds(20)).fixes();
        List<Fix> tunnel = Track.of("d-1", HERE, T0).stay(Duration.ofSeconds(20)).jump(400).jump(400)
                .fixes();

        assertThat(trackOf(jump)).hasSize(jump.size() - 1).doesNotContain(jump.get(5));
        assertThat(trackOf(tunnel)).hasSize(tunnel.size() - 1).doesNotContain(tunnel.get(5))
                .contains(tunnel.get(6));
    }

    @Test
    void shouldKeepJudgingFromTheLastEvictedFix() {
        List<Fix> fixes = Track.of("d-1", HERE, T0).stay(Duration.ofMinutes(2)).jump(400).fixes();
        FixBuffer buffer = FixBuffer.empty();
        fixes.forEach(buffer::add);
        buffer.evict(Duration.ofSeconds(10), buffer.track(PARAMETERS));
        FixBuffer restored = new FixBuffer(buffer.fixes(), buffer.evictedThrough(), buffer.trackAnchor());

        assertThat(restored.fixes()).hasSize(FixBuffer.MIN_KEPT);
        assertThat(restored.track(PARAMETERS)).doesNotContain(fixes.get(fixes.size() - 1));
    }

    private static List<Fix> trackOf(List<Fix> fixes) {
        FixBuffer buffer = FixBuffer.empty();
        fixes.forEach(buffer::add);
        return buffer.track(PARAMETERS);
    }
}
