package io.tracking.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.verify.Verification;

class RunSummaryTests {

    private final JsonMapper mapper = SimulatorJson.newMapper();

    @Test
    void shouldWriteTheFieldsTheBenchmarkScriptReads() {
        RunSummary summary = new RunSummary("http-single", "closed", 50, 32, 1_000, 1_000, 990, 7, 3,
                Map.of("http-503", 2L, "ConnectException", 1L), new Latency(1_000, 1.5, 4.25, 9.75, 31.0, 2.1),
                2.5, 400.0, new Verification(20, 19, 1, 0, 0), new FleetConnection(50, 0, 1.25));

        JsonNode json = mapper.readTree(mapper.writeValueAsString(summary));

        assertThat(json.get("mode").asString()).isEqualTo("http-single");
        assertThat(json.get("loadModel").asString()).isEqualTo("closed");
        assertThat(json.get("drivers").asInt()).isEqualTo(50);
        assertThat(json.get("concurrency").asInt()).isEqualTo(32);
        assertThat(json.get("requests").asLong()).isEqualTo(1_000);
        assertThat(json.get("sent").asLong()).isEqualTo(1_000);
        assertThat(json.get("accepted").asLong()).isEqualTo(990);
        assertThat(json.get("rejected").asLong()).isEqualTo(7);
        assertThat(json.get("errors").asLong()).isEqualTo(3);
        assertThat(json.get("errorsByKind").get("http-503").asLong()).isEqualTo(2);
        assertThat(json.get("errorsByKind").get("ConnectException").asLong()).isEqualTo(1);
        assertThat(json.get("latencyMs").get("p50").asDouble()).isEqualTo(1.5);
        assertThat(json.get("latencyMs").get("p95").asDouble()).isEqualTo(4.25);
        assertThat(json.get("latencyMs").get("p99").asDouble()).isEqualTo(9.75);
        assertThat(json.get("latencyMs").get("max").asDouble()).isEqualTo(31.0);
        assertThat(json.get("elapsedSeconds").asDouble()).isEqualTo(2.5);
        assertThat(json.get("ratePerSecond").asDouble()).isEqualTo(400.0);
        assertThat(json.get("verification").get("matched").asInt()).isEqualTo(19);
        assertThat(json.get("verification").get("mismatched").asInt()).isEqualTo(1);
        assertThat(json.get("connected").get("opened").asInt()).isEqualTo(50);
        assertThat(json.get("connected").get("seconds").asDouble()).isEqualTo(1.25);
        assertThat(json.get("verification").get("passed").asBoolean()).isFalse();
        assertThat(json.get("successful").asBoolean()).isFalse();
    }

    @Test
    void shouldSucceedOnlyWithoutErrorsAndWithAPassedVerification() {
        assertThat(summary(0, null).successful()).isTrue();
        assertThat(summary(0, new Verification(5, 5, 0, 0, 0)).successful()).isTrue();
        assertThat(summary(1, null).successful()).isFalse();
        assertThat(summary(0, new Verification(5, 4, 0, 1, 0)).successful()).isFalse();
    }

    @Test
    void shouldWriteANullVerificationWhenNoneWasAskedFor() {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(summary(0, null)));

        assertThat(json.get("verification").isNull()).isTrue();
        assertThat(json.get("successful").asBoolean()).isTrue();
    }

    @Test
    void shouldPrintEveryCountAndPercentileInTheTextSummary() {
        String text = new RunSummary("kafka", "open", 10, 8, 100, 100, 99, 0, 1, Map.of("TimeoutException", 1L),
                new Latency(100, 1.25, 2.5, 3.75, 5.0, 1.5), 10.0, 10.0, null, null).toText();

        assertThat(text).contains("pings sent 100, accepted 99, rejected 0, errors 1 (in 100 requests)")
                .contains("errors by kind: TimeoutException=1")
                .contains("p50 1.25, p95 2.50, p99 3.75, max 5.00")
                .contains("achieved rate 10.0 pings/s")
                .endsWith("result: FAILED");
    }

    private static RunSummary summary(long errors, Verification verification) {
        return new RunSummary("http-batch", "open", 1, 1, 1, 1, 1 - errors, 0, errors, Map.of(),
                new Latency(1, 1, 1, 1, 1, 1), 1, 1, verification, null);
    }
}
