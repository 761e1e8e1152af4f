package io.tracking.benchmark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code results.json}: {@link Results} as indented JSON, instants as ISO-8601 strings. */
public final class ResultsJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ResultsJson() {
    }

    public static String toJson(Results results) {
        return MAPPER.writeValueAsString(results);
    }

    public static Results fromJson(String json) {
        return MAPPER.readValue(json, Results.class);
    }

    public static void write(Results results, Path file) {
        try {
            Files.writeString(file, toJson(results) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("Could not serialise the results", e);
        }
    }
}
