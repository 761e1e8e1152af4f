package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.tracking.benchmark.tool.Wrk;

class WrkFiguresTests {

    @Test
    void shouldScaleTheConnectionsToTheTargetRateInMultiplesOfTheThreads() {
        // 32 paced connections answered 4,000 req/s: 125 each, so 5,000 req/s needs 40
        assertThat(WrkFigures.connectionsFor(5_000, calibration(32, 4_000), 2)).isEqualTo(40);
        // 41 would do; wrk needs as many connections per thread, so 42
        assertThat(WrkFigures.connectionsFor(5_125, calibration(32, 4_000), 2)).isEqualTo(42);
        assertThat(WrkFigures.connectionsFor(5_000, calibration(40, 6_000), 2)).isEqualTo(34);
    }

    @Test
    void shouldKeepTheConnectionsWhenTheRateIsWithinTwoPerCent() {
        assertThat(WrkFigures.connectionsFor(5_000, calibration(38, 4_920), 2)).isEqualTo(38);
        assertThat(WrkFigures.connectionsFor(5_000, calibration(38, 5_090), 2)).isEqualTo(38);
    }

    @Test
    void shouldStayWithinSaneBoundsWhenNothingAnswered() {
        assertThat(WrkFigures.connectionsFor(5_000, calibration(32, 0), 2)).isEqualTo(1_000);
        assertThat(WrkFigures.connectionsFor(1, calibration(32, 4_000), 2)).isEqualTo(2);
    }

    private static Wrk.WrkResult calibration(int connections, double ratePerSecond) {
        long requests = Math.round(ratePerSecond * 4);
        return new Wrk.WrkResult(2, connections, requests, 4.0, 0, 0, 1.0, 2.0, 5.0, 9.0, 0.5);
    }
}
