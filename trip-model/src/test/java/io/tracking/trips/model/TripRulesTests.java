package io.tracking.trips.model;

import static io.tracking.trips.model.Track.offset;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.GeoPoint;

/** Where a dwell starts: between the last fix outside and the first inside, not at the first inside. */
class TripRulesTests {

    private static final GeoPoint STOP = new GeoPoint(12.9716, 77.5946);
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private final TripRules rules = new TripRules(TripParameters.defaults(), STOP);

    @Test
    void shouldPlaceTheCrossingWhereTheLineBetweenTheFixesMeetsTheArriveRadius() {
        Fix outside = fix(-90, 0, 5.0);
        Fix inside = fix(-10, 4, 5.0);

        // 40 of the 80 m between them lie outside the 50 m radius: half way, 2 s after the fix outside
        assertThat(rules.crossing(outside, inside)).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void shouldStartAtTheFixInsideWhenItIsInsideOnlyByItsAccuracy() {
        Fix outside = fix(-120, 0, 5.0);
        Fix insideByAccuracy = fix(-70, 4, 30.0);

        assertThat(rules.crossing(outside, insideByAccuracy)).isEqualTo(insideByAccuracy.recordedAt());
    }

    @Test
    void shouldNotInterpolateAcrossAGapInTheFixes() {
        Fix outside = fix(-600, 0, 5.0);
        Fix inside = fix(-10, 60, 5.0);

        assertThat(rules.crossing(outside, inside)).isEqualTo(inside.recordedAt());
    }

    /** A fix {@code north} metres north of the stop, {@code seconds} after T0. */
    private static Fix fix(double north, long seconds, double accuracy) {
        GeoPoint at = offset(STOP, north, 0);
        return new Fix("driver-1", at.latitude(), at.longitude(), T0.plusSeconds(seconds), accuracy, 10.0, 0,
                seconds);
    }
}
