package io.tracking.trips.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.TripParameterOverrides;

class TripParametersTests {

    private final TripParameters defaults = TripParameters.defaults();

    @Test
    void shouldDefaultToTheIssuesValues() {
        assertThat(defaults.arriveRadiusMeters()).isEqualTo(50);
        assertThat(defaults.dwell()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.exitRadiusMeters()).isEqualTo(120);
        assertThat(defaults.approachEta()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.approachDistanceMeters()).isEqualTo(500);
    }

    @Test
    void shouldApplyEachOverrideAndKeepTheRest() {
        TripParameters overridden = defaults.withOverrides(new TripParameterOverrides(80.0, 45, 200.0, 90, 300.0));

        assertThat(overridden.arriveRadiusMeters()).isEqualTo(80);
        assertThat(overridden.dwell()).isEqualTo(Duration.ofSeconds(45));
        assertThat(overridden.exitRadiusMeters()).isEqualTo(200);
        assertThat(overridden.approachEta()).isEqualTo(Duration.ofSeconds(90));
        assertThat(overridden.approachDistanceMeters()).isEqualTo(300);
        assertThat(overridden.grace()).isEqualTo(defaults.grace());
        assertThat(defaults.withOverrides(new TripParameterOverrides(null, null, null, null, null)))
                .isEqualTo(defaults);
        assertThat(defaults.withOverrides(null)).isSameAs(defaults);
    }

    @Test
    void shouldKeepTheHysteresisWhenAnOverrideWouldBreakIt() {
        TripParameters wide = defaults.withOverrides(new TripParameterOverrides(150.0, 3, null, null, 2000.0));

        assertThat(wide.exitRadiusMeters()).isEqualTo(150 + 70);
        assertThat(wide.approachRearmDistanceMeters()).isEqualTo(2000 + 1000);
        assertThat(wide.arrivalTimerTolerance()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldIgnoreOverridesOutOfRangeRatherThanFailTheOrder() {
        TripParameters overridden = defaults.withOverrides(
                new TripParameterOverrides(-5.0, -1, Double.NaN, -30, Double.POSITIVE_INFINITY));

        assertThat(overridden).isEqualTo(defaults);
    }

    @Test
    void shouldRejectParametersWithoutHysteresis() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TripParameters(50, 30, Duration.ofSeconds(20), 50,
                Duration.ofSeconds(4), Duration.ofSeconds(120), 500, 1500, Duration.ofSeconds(30), 70,
                Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .withMessageContaining("exitRadiusMeters");
    }

    @Test
    void shouldWidenTheArriveRadiusByTheAccuracyUpToTheCap() {
        assertThat(defaults.arriveRadiusFor(fix(12.0))).isEqualTo(62);
        assertThat(defaults.arriveRadiusFor(fix(200.0))).isEqualTo(80);
        assertThat(defaults.arriveRadiusFor(fix(null))).isEqualTo(50);
    }

    private static Fix fix(Double accuracy) {
        return new Fix("d-1", 0, 0, java.time.Instant.EPOCH, accuracy, null, 0, 0);
    }
}
