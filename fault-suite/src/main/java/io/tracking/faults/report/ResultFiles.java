package io.tracking.faults.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run as {@code fault-suite-<UTC yyyyMMdd-HHmmss>.json} and as {@code latest.json} in the results
 * directory. Counts, times and driver ids only: no coordinates (GPS points are personal data).
 */
public final class ResultFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private ResultFiles() {
    }

    /** @return the timestamped file */
    public static Path write(SuiteResult result, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("fault-suite-" + STAMP.format(result.startedAt()) + ".json");
        Files.writeString(file, toJson(result));
        Files.copy(file, directory.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    static String toJson(SuiteResult result) {
        return JSON.writeValueAsString(result) + "\n";
    }
}
