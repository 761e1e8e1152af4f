package io.tracking.simulator.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.delivery.Dispatcher;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.report.RunStatistics;

/**
 * Sends the pings of an NDJSON file (one single-ping JSON body per line, blank lines ignored) in file order, as
 * fast as the in-flight bound allows. A line that is not such a ping is counted as an error of kind
 * {@code invalid-line} and skipped.
 */
public final class ReplayLoad implements LoadModel {

    private final Path file;
    private final JsonMapper mapper;
    private final RunStatistics statistics;

    public ReplayLoad(Path file, JsonMapper mapper, RunStatistics statistics) {
        this.file = file;
        this.mapper = mapper;
        this.statistics = statistics;
    }

    @Override
    public void run(Dispatcher dispatcher) throws IOException, InterruptedException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Ping ping = parse(line);
                if (ping == null) {
                    statistics.failedUnsent(1, "invalid-line");
                } else {
                    dispatcher.submit(List.of(ping));
                }
            }
        }
    }

    @SuppressWarnings("ConstantConditions") // Jackson leaves absent fields null despite @NullMarked
    private @Nullable Ping parse(String line) {
        try {
            Ping ping = mapper.readValue(line, Ping.class);
            return ping.driverId() == null || ping.recordedAt() == null ? null : ping;
        } catch (JacksonException e) {
            return null;
        }
    }
}
