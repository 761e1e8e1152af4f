package io.tracking.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultFilesTests {

    @TempDir
    Path directory;

    private final SuiteResult suite = new SuiteResult(Instant.parse("2026-11-28T06:30:00Z"), 612.3, 48.0, true,
            new SuiteResult.Settings(300, 1.0, 60, 10),
            List.of(ResultTableTests.result("two-writers", 18_000, 18_000, 18_000, 0, 0, List.of("ok"), List.of())));

    @Test
    void shouldWriteATimestampedFileAndLatestJson() throws Exception {
        Path file = ResultFiles.write(suite, directory);

        assertThat(file.getFileName().toString()).isEqualTo("fault-suite-20261128-063000.json");
        assertThat(directory.resolve("latest.json")).hasSameTextualContentAs(file);
    }

    @Test
    void shouldWriteTheTableFiguresAndInstantsAsIsoStrings() throws Exception {
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(ResultFiles.write(suite, directory)));

        assertThat(json.path("startedAt").asString()).isEqualTo("2026-11-28T06:30:00Z");
        assertThat(json.path("passed").asBoolean()).isTrue();
        JsonNode scenario = json.path("scenarios").path(0);
        assertThat(scenario.path("name").asString()).isEqualTo("two-writers");
        assertThat(scenario.path("sent").asLong()).isEqualTo(18_000);
        assertThat(scenario.path("accepted").asLong()).isEqualTo(18_000);
        assertThat(scenario.path("stored").asLong()).isEqualTo(18_000);
        assertThat(scenario.path("lost").asLong()).isZero();
        assertThat(scenario.path("duplicated").asLong()).isZero();
        assertThat(scenario.path("events").path(0).path("what").asString()).isEqualTo("load started");
    }
}
