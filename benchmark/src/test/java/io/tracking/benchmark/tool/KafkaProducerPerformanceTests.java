package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class KafkaProducerPerformanceTests {

    @Test
    void shouldReadTheTotalLineRatherThanTheIntermediateOnes() {
        String output = """
                1398421 records sent, 279684.2 records/sec (57.28 MB/sec), 95.3 ms avg latency, 420.0 ms max latency.
                2000000 records sent, 285388.127854 records/sec (58.45 MB/sec), 93.71 ms avg latency, 431.00 ms max \
                latency, 85 ms 50th, 190 ms 95th, 301 ms 99th, 410 ms 99.9th.
                """;

        KafkaProducerPerformance.Result result = KafkaProducerPerformance.parse(output);

        assertThat(result.records()).isEqualTo(2_000_000);
        assertThat(result.recordsPerSecond()).isEqualTo(285388.127854);
        assertThat(result.megabytesPerSecond()).isEqualTo(58.45);
        assertThat(result.averageMs()).isEqualTo(93.71);
        assertThat(result.p50Ms()).isEqualTo(85);
        assertThat(result.p99Ms()).isEqualTo(301);
    }

    @Test
    void shouldFailWithTheOutputWhenThereIsNoTotal() {
        assertThatIllegalStateException()
                .isThrownBy(() -> KafkaProducerPerformance.parse("Exception in thread main: TimeoutException"))
                .withMessageContaining("TimeoutException");
    }
}
