package io.tracking.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

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
    void shouldShortenAVeryLongMessage() {
        assertThat(BenchmarkRun.summary(new RuntimeException("y".repeat(1000)))).hasSize(
                "RuntimeException: ".length() + 201);
    }
}
