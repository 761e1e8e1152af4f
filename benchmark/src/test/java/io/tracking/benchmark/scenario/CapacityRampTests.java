package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class CapacityRampTests {

    @Test
    void shouldDoubleTheFleetUpToTheIssuesHundredThousand() {
        assertThat(CapacityRamp.geometric(1_000, 100_000))
                .containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 100_000);
        assertThat(CapacityRamp.geometric(2_000, 8_000)).containsExactly(2_000, 4_000, 8_000);
    }

    @Test
    void shouldHoldStepsThreeMinutesInFullModeAndKeepTheSmokeModeToTwoTinySteps() {
        CapacityRamp full = CapacityRamp.of(BenchmarkSettings.full());
        CapacityRamp quick = CapacityRamp.of(BenchmarkSettings.quick());
        CapacityRamp smoke = CapacityRamp.of(BenchmarkSettings.smoke());

        assertThat(full.hold()).isEqualTo(Duration.ofMinutes(3));
        assertThat(full.steps()).startsWith(1_000).endsWith(100_000);
        assertThat(quick.hold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(quick.steps()).isEqualTo(full.steps());
        assertThat(smoke.steps()).hasSize(2);
        assertThat(smoke.hold().multipliedBy(4)).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(smoke.warmup()).isZero();
    }

    @Test
    void shouldStartPollingOnceEveryDriverSentItsFirstPingOrHalfWayThroughAShortStep() {
        assertThat(CapacityRamp.of(BenchmarkSettings.quick()).pollDelay())
                .isEqualTo(CapacityRamp.PING_INTERVAL.plusSeconds(1));
        assertThat(CapacityRamp.of(BenchmarkSettings.smoke()).pollDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldGiveOnePercentOrdersAndFivePercentPolledDriversButAlwaysOne() {
        assertThat(CapacityRamp.orders(100_000)).isEqualTo(1_000);
        assertThat(CapacityRamp.polled(100_000)).isEqualTo(5_000);
        assertThat(CapacityRamp.orders(50)).isEqualTo(1);
        assertThat(CapacityRamp.polled(10)).isEqualTo(1);
    }

    @Test
    void shouldLeaveOutTheStepsAboveALimit() {
        CapacityRamp ramp = CapacityRamp.of(BenchmarkSettings.quick());

        assertThat(ramp.stepsUpTo(18_000)).isEqualTo(List.of(1_000, 2_000, 4_000, 8_000, 16_000));
        assertThat(ramp.stepsUpTo(500)).isEmpty();
    }

    @Test
    void shouldRefineHalfWayBetweenHeldAndBrokenOnRoundSizesUntilTheGapIsTooSmall() {
        assertThat(CapacityRamp.between(8_000, 16_000)).hasValue(12_000);
        assertThat(CapacityRamp.between(12_000, 16_000)).hasValue(14_000);
        assertThat(CapacityRamp.between(1_000, 2_000)).hasValue(1_500);
        assertThat(CapacityRamp.between(1_000, 1_500)).isEmpty();
        assertThat(CapacityRamp.of(BenchmarkSettings.quick()).refinements()).isEqualTo(2);
        assertThat(CapacityRamp.of(BenchmarkSettings.smoke()).refinements()).isZero();
    }
}
