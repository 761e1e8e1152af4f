package io.tracking.faults.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TwoWritersScenarioTests {

    @Test
    void shouldSeeThePartitionsSharedOnlyWhenEveryConsumerOfBothWritersHasSome() {
        assertThat(TwoWritersScenario.shared(List.of(2, 2, 1, 1))).isTrue();
        assertThat(TwoWritersScenario.shared(List.of(3, 3, 0, 0))).isFalse();
        assertThat(TwoWritersScenario.shared(List.of(3, 3))).isFalse();
    }

    @Test
    void shouldSeeTheTakeOverOnlyWhenTheSurvivorsConsumersHoldEveryPartition() {
        assertThat(TwoWritersScenario.survivorHoldsAll(List.of(3, 3), 6)).isTrue();
        assertThat(TwoWritersScenario.survivorHoldsAll(List.of(2, 2), 6)).isFalse();
        assertThat(TwoWritersScenario.survivorHoldsAll(List.of(2, 2, 1, 1), 6)).isFalse();
    }
}
