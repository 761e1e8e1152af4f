package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CapacityRowTests {

    private static final CapacityTransport WS = CapacityTransport.WEBSOCKET;

    @Test
    void shouldHoldTheLastStepBeforeTheFirstBrokenOne() {
        CapacityStep broken = CapacitySteps.withAckP99(CapacitySteps.held(WS, 8_000), 300);
        CapacityRow row = new CapacityRow(WS, List.of(CapacitySteps.held(WS, 2_000), CapacitySteps.held(WS, 4_000),
                broken, CapacitySteps.held(WS, 16_000)), CapacityLimits.TARGETS);

        assertThat(row.held()).map(CapacityStep::drivers).contains(4_000);
        assertThat(row.firstBroken()).contains(broken);
    }

    @Test
    void shouldHoldNothingWhenTheFirstStepBroke() {
        CapacityRow row = new CapacityRow(WS, List.of(CapacitySteps.withAckP99(CapacitySteps.held(WS, 2_000), 300)),
                CapacityLimits.TARGETS);

        assertThat(row.held()).isEmpty();
    }

    @Test
    void shouldHoldTheLastStepWhenNoneBroke() {
        CapacityRow row = new CapacityRow(WS, List.of(CapacitySteps.held(WS, 2_000), CapacitySteps.held(WS, 4_000)),
                CapacityLimits.TARGETS);

        assertThat(row.held()).map(CapacityStep::drivers).contains(4_000);
        assertThat(row.firstBroken()).isEmpty();
    }

    @Test
    void shouldJudgeRefinedStepsByFleetSizeNotByTheOrderTheyRan() {
        CapacityStep broken16 = CapacitySteps.withAckP99(CapacitySteps.held(WS, 16_000), 300);
        CapacityStep broken14 = CapacitySteps.withAckP99(CapacitySteps.held(WS, 14_000), 300);
        CapacityRow row = new CapacityRow(WS, List.of(CapacitySteps.held(WS, 8_000), broken16,
                CapacitySteps.held(WS, 12_000), broken14), CapacityLimits.TARGETS);

        assertThat(row.held()).map(CapacityStep::drivers).contains(12_000);
        assertThat(row.firstBroken()).contains(broken14);
        assertThat(row.steps()).extracting(CapacityStep::drivers).containsExactly(8_000, 12_000, 14_000, 16_000);
    }
}
