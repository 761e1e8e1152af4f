package io.tracking.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.tracking.benchmark.report.Figure;

class BenchmarkRunTests {

    @Test
    void shouldSummariseAFailureInOneLineNamingTheRootCause() {
        Exception failure = new CompletionException(new IllegalStateException(
                "location-batch-writer exited with status 1 while starting; end of its log:\n" + "x".repeat(5000)));

        String summary = BenchmarkRun.summary(failure);

        assertThat(summary).isEqualTo("IllegalStateException: location-batch-writer exited with status 1 while "
                + "starting; end of its log:").doesNotContain("\n");
    }

    @Test
    void shouldCountAScenarioWithoutFiguresOrWithAZeroThroughputAsMissingItsFigures() {
        Figure rate = Figure.of("ingest.batch.rate", "ingest batch endpoint", "throughput", "pings/s",
                List.of(1200.0), "how");
        Figure zeroRate = Figure.of("ingest.batch.rate", "ingest batch endpoint", "throughput", "pings/s",
                List.of(0.0), "how");
        Figure zeroLost = Figure.of("seed.lost", "seed design drain", "lost pings", "pings", List.of(0.0), "how");

        assertThat(BenchmarkRun.missingFigures(List.of(rate, zeroLost))).isNull();
        assertThat(BenchmarkRun.missingFigures(List.of())).contains("no figure");
        assertThat(BenchmarkRun.missingFigures(List.of(zeroRate, zeroLost))).contains("throughput of 0")
                .contains("ingest batch endpoint").doesNotContain("lost");
    }

    @Test
    void shouldStartTheSmokeModesJvmsWithoutC2() {
        assertThat(BenchmarkRun.smokeJvmOptions(List.of("-Xmx1g"))).containsExactly("-Xmx1g",
                "-XX:TieredStopAtLevel=1");
    }

    @Test
    void shouldShortenAVeryLongMessage() {
        assertThat(BenchmarkRun.summary(new RuntimeException("y".repeat(1000)))).hasSize(
                "RuntimeException: ".length() + 201);
    }
}
