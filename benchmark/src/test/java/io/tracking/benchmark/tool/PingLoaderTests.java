package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateRules;
import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.Ping;

class PingLoaderTests {

    private final PingLoader loader = new PingLoader("localhost:1");
    private final Ping ping = new Ping("seed-abc-001", 12.9716, 77.5946, Instant.parse("2026-11-28T06:00:00.123Z"),
            5.0, 7.5, 90.0);

    @Test
    void shouldWriteTheContractsLocationUpdate() {
        byte[] value = loader.value(ping, PingLoader.Format.LOCATION_UPDATE, Instant.parse("2026-11-28T06:00:01Z"));

        LocationUpdate update = SimulatorJson.newMapper().readValue(value, LocationUpdate.class);
        assertThat(update.driverId()).isEqualTo("seed-abc-001");
        assertThat(update.recordedAt()).isEqualTo(ping.recordedAt());
        assertThat(LocationUpdateRules.violations(update)).isEmpty();
    }

    @Test
    void shouldWriteTheSeedDesignsMessage() {
        byte[] value = loader.value(ping, PingLoader.Format.SEED, Instant.parse("2026-11-28T06:00:01Z"));

        JsonNode json = JsonMapper.builder().build().readTree(value);
        assertThat(json.propertyNames()).containsExactly("driver_id", "latitude", "longitude", "timestamp");
        assertThat(json.get("timestamp").asString()).isEqualTo("2026-11-28T06:00:00.123Z");
    }

    @Test
    void shouldWriteOneLocationUpdatePerLineAsPayloads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("payloads.ndjson");

        loader.writePayloadFile(file, 50, 1);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(50).allSatisfy(line -> assertThat(line).startsWith("{\"driverId\":\"payload-"));
    }

    @Test
    void shouldKeepTheFirstAndLastOffsetOfEachPartition() {
        PingLoader.PartitionOffsets offsets = new PingLoader.PartitionOffsets("driver-location-updates");

        offsets.add(0, 12);
        offsets.add(1, 3);
        offsets.add(0, 10);
        offsets.add(0, 11);

        assertThat(offsets.spans()).containsOnly(
                entry(new TopicPartition("driver-location-updates", 0), new LoadedPings.Span(10, 12, 3)),
                entry(new TopicPartition("driver-location-updates", 1), new LoadedPings.Span(3, 3, 1)));
    }

    @Test
    void shouldKeepTheTransactionOpenLongEnoughButWithinTheBrokersLimit() {
        assertThat(PingLoader.TRANSACTION_TIMEOUT).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(15));
    }
}
