package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkTests {

    private static final String OUTPUT = """
            Running 4s test @ http://localhost:8081
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     5.01ms    2.11ms  40.12ms   80.00%
              40000 requests in 4.00s, 6.00MB read
              Non-2xx or 3xx responses: 100
            Requests/sec:  10000.00
            Transfer/sec:      1.50MB
            WRK_RESULT {"requests":40000,"durationMicros":4000000,"connectErrors":0,"readErrors":1,"writeErrors":0,\
            "statusErrors":100,"timeouts":2,"p50Micros":4500,"p90Micros":7000,"p99Micros":12345,"maxMicros":40120,\
            "meanMicros":5010.0}
            WRK_CPU 150 50
            """;

    @Test
    void shouldReadTheFiguresItsDoneFunctionPrinted() {
        Wrk.WrkResult result = Wrk.parse(OUTPUT, 2, 64);

        assertThat(result.requests()).isEqualTo(40_000);
        assertThat(result.seconds()).isEqualTo(4.0);
        assertThat(result.successPerSecond()).isCloseTo(9_975, within(1e-9));
        assertThat(result.statusErrors()).isEqualTo(100);
        assertThat(result.socketErrors()).isEqualTo(3);
        assertThat(result.p50Ms()).isEqualTo(4.5);
        assertThat(result.p99Ms()).isEqualTo(12.345);
        assertThat(result.maxMs()).isEqualTo(40.12);
        assertThat(result.errorRatio()).isCloseTo(103 / 40_000.0, within(1e-12));
        assertThat(result.describe()).isEqualTo("2 threads × 64 connections");
    }

    @Test
    void shouldReadTheClientCpuFromTheShellsChildTimes() {
        Wrk.WrkResult result = Wrk.parse(OUTPUT, 2, 64);

        assertThat(result.clientCpuSeconds()).isEqualTo(2.0);
        assertThat(result.clientCores()).isEqualTo(0.5);
    }

    @Test
    void shouldFailWhenWrkPrintedNoResult() {
        assertThatIllegalStateException().isThrownBy(() -> Wrk.parse("unable to connect to localhost:1", 1, 1))
                .withMessageContaining("unable to connect");
    }

    @Test
    void shouldPrintPercentilesInItsDoneFunction() {
        assertThat(Wrk.DONE_FUNCTION).startsWith("done = function(summary, latency, requests)")
                .contains("latency:percentile(99)").contains("WRK_RESULT");
    }
}
