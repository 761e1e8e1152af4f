package io.tracking.simulator.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateRules;
import io.tracking.simulator.fuzz.TopicFuzz.Expect;
import io.tracking.simulator.fuzz.TopicFuzz.FuzzRecord;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** The generator's promises: the same seed gives the same records, and each record's expectation is honest. */
class TopicFuzzTests {

    /** As strict as the pipeline's readers about types: no string for a number, no empty string for null. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();
    private static final List<String> DRIVERS = List.of("fz-g0", "fz-g1", "fz-g2");
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void shouldGenerateTheSameRecordsForTheSameSeed() {
        List<FuzzRecord> first = new TopicFuzz(42, DRIVERS, "fz-m", BASE).records(2_000);
        List<FuzzRecord> second = new TopicFuzz(42, DRIVERS, "fz-m", BASE).records(2_000);

        assertThat(first).hasSameSizeAs(second);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).value()).isEqualTo(second.get(i).value());
            assertThat(first.get(i).key()).isEqualTo(second.get(i).key());
            assertThat(first.get(i).expect()).isEqualTo(second.get(i).expect());
        }
    }

    @Test
    void shouldMixGoodMutatedAndUnusableRecords() {
        Map<Expect, Long> counts = new TopicFuzz(7, DRIVERS, "fz-m", BASE).records(5_000).stream()
                .collect(Collectors.groupingBy(FuzzRecord::expect, Collectors.counting()));

        assertThat(counts.get(Expect.STORED)).isBetween(1_700L, 2_600L);
        assertThat(counts.get(Expect.EITHER)).isBetween(350L, 650L);
        assertThat(counts.get(Expect.DEAD_LETTER)).isBetween(2_200L, 2_800L);
    }

    @Test
    void shouldOnlyPromiseStorageForPingsTheContractAcceptsUnderTheirOwnKey() {
        for (FuzzRecord record : new TopicFuzz(11, DRIVERS, "fz-m", BASE).records(3_000)) {
            if (record.expect() != Expect.STORED) {
                continue;
            }
            LocationUpdate read = JSON.readValue(record.value(), LocationUpdate.class);
            assertThat(read).as(record.toString()).isEqualTo(record.ping());
            assertThat(LocationUpdateRules.violations(read)).as(record.toString()).isEmpty();
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(read.driverId());
        }
    }

    @Test
    void shouldNeverPromiseStorageForAnUnusableRecord() {
        for (FuzzRecord record : new TopicFuzz(13, DRIVERS, "fz-m", BASE).unusable(3_000)) {
            assertThat(record.expect()).isEqualTo(Expect.DEAD_LETTER);
            assertThat(acceptedByALenientReader(record)).as("%s %s", record, preview(record)).isFalse();
        }
    }

    private static String preview(FuzzRecord record) {
        String text = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    /** Jackson's data binding is more forgiving than the pipeline's readers: what it refuses, they refuse too. */
    private static boolean acceptedByALenientReader(FuzzRecord record) {
        if (record.value() == null || record.key() == null) {
            return false;
        }
        if (new String(record.value(), StandardCharsets.UTF_8).matches("(?s).*T\\d\\d:\\d\\d:60.*")) {
            return false; // Jackson folds a leap second into :59; the contract refuses it
        }
        LocationUpdate read;
        try {
            read = JSON.readValue(record.value(), LocationUpdate.class);
        } catch (RuntimeException e) {
            return false;
        }
        if (read == null || !LocationUpdateRules.violations(read).isEmpty()
                || !Arrays.equals(record.key(), read.driverId().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        // the writer's window: past the history retention or further in the future than it takes
        Instant now = Instant.now();
        return read.recordedAt().isAfter(now.minus(30, ChronoUnit.DAYS))
                && read.recordedAt().isBefore(now.plus(1, ChronoUnit.DAYS));
    }
}
