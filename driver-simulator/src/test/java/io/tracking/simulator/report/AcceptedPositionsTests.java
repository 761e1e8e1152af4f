package io.tracking.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.Ping;

class AcceptedPositionsTests {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    private final JsonMapper mapper = SimulatorJson.newMapper();
    private final String driverA = "drv-a-" + UUID.randomUUID().toString().substring(0, 8);
    private final String driverB = "drv-b-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheNewestRecordedAtWhateverTheOrderOfAcceptance() {
        AcceptedPositions positions = new AcceptedPositions();
        positions.record(List.of(ping(driverA, T0.plusSeconds(10), 12.9)));
        positions.record(List.of(ping(driverA, T0.plusSeconds(5), 12.8), ping(driverB, T0, 13.0)));

        assertThat(positions.all()).containsExactly(ping(driverA, T0.plusSeconds(10), 12.9), ping(driverB, T0, 13.0));
    }

    @Test
    void shouldWriteOneNdjsonLinePerDriver() throws IOException {
        AcceptedPositions positions = new AcceptedPositions();
        positions.record(List.of(ping(driverA, T0, 12.5), ping(driverB, T0.plusMillis(1), 12.75)));
        Path file = dir.resolve("expect.ndjson");

        positions.write(file, mapper);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = mapper.readTree(lines.get(0));
        assertThat(first.get("driverId").asString()).isEqualTo(driverA);
        assertThat(first.get("recordedAt").asString()).isEqualTo("2026-01-05T08:00:00Z");
        assertThat(first.get("latitude").asDouble()).isEqualTo(12.5);
        assertThat(first.get("longitude").asDouble()).isEqualTo(77.5);
    }

    @Test
    void shouldWriteCsvWithAHeaderWhenTheFileNameEndsInCsv() throws IOException {
        AcceptedPositions positions = new AcceptedPositions();
        positions.record(List.of(ping(driverA, T0.plusMillis(250), 12.5)));
        Path file = dir.resolve("expect.csv");

        positions.write(file, mapper);

        assertThat(Files.readAllLines(file)).containsExactly("driverId,recordedAt,latitude,longitude",
                driverA + ",2026-01-05T08:00:00.250Z,12.5,77.5");
    }

    private static Ping ping(String driverId, Instant recordedAt, double latitude) {
        return new Ping(driverId, latitude, 77.5, recordedAt, 5.0, 3.0, 90.0);
    }
}
