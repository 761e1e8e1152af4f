package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ScenariosTests {

    @Test
    void shouldRunEveryScenarioByDefaultInItsOrder() {
        assertThat(Scenarios.select(Set.of())).extracting(Scenario::name).containsExactly("kafka-producer",
                "ingest-single", "ingest-batch", "ws-ingest", "writer-drain", "copy", "seed", "freshness",
                "live-push", "query-latest", "nearby", "capacity", "trips");
    }

    @Test
    void shouldAddTheDrainWhenAChosenScenarioNeedsItsRows() {
        assertThat(Scenarios.select(Set.of("query-latest", "copy"))).extracting(Scenario::name)
                .containsExactly("writer-drain", "copy", "query-latest");
        assertThat(Scenarios.select(Set.of("seed"))).extracting(Scenario::name).containsExactly("seed");
    }

    @Test
    void shouldRefuseAnUnknownScenario() {
        assertThatIllegalArgumentException().isThrownBy(() -> Scenarios.select(Set.of("warp-drive")))
                .withMessageContaining("warp-drive").withMessageContaining("writer-drain");
    }

    @Test
    void shouldMeasureEveryFigureAtLeastThreeTimesAndTheFullDrainOverAMillionPings() {
        for (BenchmarkSettings settings : List.of(BenchmarkSettings.quick(), BenchmarkSettings.full())) {
            assertThat(settings.runs()).isGreaterThanOrEqualTo(3);
        }
        assertThat(BenchmarkSettings.full().drainPings()).isEqualTo(1_000_000);
        assertThat(BenchmarkSettings.quick().drainPings()).isLessThan(BenchmarkSettings.full().drainPings());
        assertThat(BenchmarkSettings.quick().withRuns(5).runs()).isEqualTo(5);
    }

    @Test
    void shouldWarmUpInTheQuickAndFullModesButNotInTheSmokeMode() {
        assertThat(BenchmarkSettings.quick().warmup()).isPositive();
        assertThat(BenchmarkSettings.full().warmup()).isPositive();
        assertThat(BenchmarkSettings.smoke().warmup()).isZero();
        assertThat(BenchmarkSettings.smoke().isSmoke()).isTrue();
        assertThat(BenchmarkSettings.smoke().runs()).isEqualTo(1);
    }
}
