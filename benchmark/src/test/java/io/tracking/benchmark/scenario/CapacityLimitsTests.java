package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CapacityLimitsTests {

    private static final CapacityLimits LIMITS = CapacityLimits.TARGETS;

    @Test
    void shouldHoldAStepWithinEveryLimit() {
        assertThat(LIMITS.broken(CapacitySteps.held(CapacityTransport.WEBSOCKET, 2_000))).isEmpty();
    }

    @Test
    void shouldNameEachLimitBrokenWithItsValue() {
        CapacityStep step = new CapacityStep(CapacityTransport.HTTP, 4_000, 800, 150, 3, 2, 2_500, 0, 70, 40, 40, 80,
                Map.of(), Map.of(), 1.0);

        assertThat(LIMITS.broken(step)).containsExactly("ack p99 150 ms > 100 ms",
                "800 pings/s < 90 % of the fleet's 1,000", "3 pings failed (not acknowledged)",
                "2 acknowledged pings never stored", "freshness p99 2500 ms > 2000 ms", "query p99 70 ms > 50 ms");
    }

    @Test
    void shouldCountProbesThatNeverSawTheirPingRatherThanThePercentileOfTheOthers() {
        CapacityStep step = new CapacityStep(CapacityTransport.WEBSOCKET, 2_000, 500, 20, 0, 0, 300, 2, 10, 20, 20,
                40, Map.of(), Map.of(), 1.0);

        assertThat(LIMITS.broken(step)).containsExactly("2 freshness probes not queryable in time");
    }

    @Test
    void shouldBreakWhenNothingWasMeasuredRatherThanPassUnseen() {
        CapacityStep step = new CapacityStep(CapacityTransport.WEBSOCKET, 2_000, 500, 20, 0, 0, Double.NaN, 0,
                Double.POSITIVE_INFINITY, 0, 20, 40, Map.of(), Map.of(), 1.0);

        assertThat(LIMITS.broken(step)).hasSize(2).anySatisfy(broken -> assertThat(broken).startsWith("freshness"))
                .anySatisfy(broken -> assertThat(broken).startsWith("query"));
    }
}
