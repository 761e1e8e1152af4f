package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tracking.benchmark.tool.WsFleetLoad.Step;
import io.tracking.simulator.report.Latency;

class WsIngestScenarioTests {

    @Test
    void shouldHoldARateAnsweredInFullWithAP99UnderTheLimit() {
        assertThat(WsIngestScenario.holds(step(2_000, 2_000, 0, 49.9, false))).isTrue();
    }

    @Test
    void shouldNotHoldARateWithAnErrorASlowP99AShortfallOrACutShortStep() {
        assertThat(WsIngestScenario.holds(step(2_000, 1_999, 1, 10, false))).isFalse();
        assertThat(WsIngestScenario.holds(step(2_000, 2_000, 0, 50, false))).isFalse();
        assertThat(WsIngestScenario.holds(step(2_000, 1_800, 0, 10, false))).isFalse();
        assertThat(WsIngestScenario.holds(step(2_000, 2_000, 0, 10, true))).isFalse();
    }

    @Test
    void shouldKeepTheSmokeModeSmall() {
        WsIngestScenario.Sizes smoke = WsIngestScenario.Sizes.of(BenchmarkSettings.smoke());

        assertThat(smoke.drivers()).isEqualTo(200);
        assertThat(smoke.rampStep().multipliedBy(smoke.rampSteps()).plus(smoke.run())).hasSeconds(3);
        assertThat(WsIngestScenario.Sizes.of(BenchmarkSettings.quick()).drivers()).isEqualTo(2_000);
        assertThat(WsIngestScenario.Sizes.of(BenchmarkSettings.full()).drivers()).isEqualTo(10_000);
    }

    /** One second's step at {@code rate} pings/s of which {@code accepted} were acknowledged. */
    private static Step step(double rate, long accepted, long failed, double p99, boolean cutShort) {
        return new Step(rate, accepted + failed, accepted, failed, failed > 0 ? Map.of("ws-503", failed) : Map.of(),
                new Latency(accepted + failed, 2, 5, p99, p99, 3), 1.0, cutShort);
    }
}
