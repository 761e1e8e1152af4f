package io.tracking.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultsJsonTests {

    @Test
    void shouldReadBackWhatItWrote(@TempDir Path dir) throws Exception {
        Results results = SampleResults.create();
        Path file = dir.resolve("results.json");

        ResultsJson.write(results, file);

        assertThat(ResultsJson.fromJson(Files.readString(file))).isEqualTo(results);
    }

    @Test
    void shouldWriteEveryRunWithItsMedianAndRangeAndInstantsAsText() {
        JsonNode json = JsonMapper.builder().build().readTree(ResultsJson.toJson(SampleResults.create()));

        assertThat(json.get("startedAt").asString()).isEqualTo("2026-11-28T06:40:00Z");
        JsonNode drain = json.get("figures").get(4);
        assertThat(drain.get("key").asString()).isEqualTo("writer.drain.rate");
        assertThat(drain.get("runs")).hasSize(3);
        assertThat(drain.get("spread").get("median").asDouble()).isEqualTo(60_000.0);
        assertThat(drain.get("spread").get("min").asDouble()).isEqualTo(58_000.0);
        assertThat(drain.get("spread").get("max").asDouble()).isEqualTo(62_000.0);
        assertThat(json.get("ratios").get(0).get("label").asString()).isEqualTo("COPY");
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
    }
}
