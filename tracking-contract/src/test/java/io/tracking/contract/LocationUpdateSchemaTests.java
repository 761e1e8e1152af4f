package io.tracking.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keeps the Java record, its rules and the published JSON schema in agreement. */
class LocationUpdateSchemaTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode schema = readSchema();

    @Test
    void shouldDescribeEveryRecordComponentAndNothingElse() {
        List<String> components = Arrays.stream(LocationUpdate.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        List<String> properties = new ArrayList<>(schema.get("properties").propertyNames());

        assertThat(properties).containsExactlyInAnyOrderElementsOf(components);
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    }

    @Test
    void shouldRequireExactlyTheNonNullableComponents() {
        List<String> primitiveOrRequired = Arrays.stream(LocationUpdate.class.getRecordComponents())
                .filter(c -> c.getAnnotatedType().getAnnotations().length == 0)
                .map(RecordComponent::getName)
                .toList();
        List<String> required = new ArrayList<>();
        schema.get("required").forEach(node -> required.add(node.asString()));

        assertThat(required).containsExactlyInAnyOrderElementsOf(primitiveOrRequired);
    }

    @Test
    void shouldUseTheSameDriverIdPatternAsTheRules() {
        assertThat(schema.at("/properties/driverId/pattern").asString())
                .isEqualTo(LocationUpdateRules.DRIVER_ID_REGEX);
    }

    @Test
    void shouldSerializeToTheFieldNamesAndTypesTheSchemaDeclares() {
        LocationUpdate update = new LocationUpdate("driver-7", 12.9716, 77.5946,
                Instant.parse("2026-11-28T06:00:00Z"), Instant.parse("2026-11-28T06:00:01.250Z"), 4.5, 8.2, 270.0);

        JsonNode json = JSON.valueToTree(update);

        Map<String, String> schemaTypes = schema.get("properties").properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get("type").toString()));
        json.properties().forEach(field -> {
            String declared = schemaTypes.get(field.getKey());
            assertThat(declared).as(field.getKey()).isNotNull();
            String actual = field.getValue().isNumber() ? "number" : "string";
            assertThat(declared).as(field.getKey()).contains(actual);
        });
        assertThat(json.get("recordedAt").asString()).isEqualTo("2026-11-28T06:00:00Z");
        assertThat(JSON.treeToValue(json, LocationUpdate.class)).isEqualTo(update);
    }

    @Test
    void shouldAgreeWithTheSchemaOnNumericBounds() {
        assertBounds("latitude", -90, 90);
        assertBounds("longitude", -180, 180);
        assertThat(schema.at("/properties/speedMps/maximum").asDouble()).isEqualTo(LocationUpdateRules.MAX_SPEED_MPS);
        assertThat(schema.at("/properties/headingDegrees/exclusiveMaximum").asDouble()).isEqualTo(360);
    }

    @Test
    void shouldAcceptEveryValidUpdateAndNameEachBrokenRule() {
        Instant now = Instant.parse("2026-11-28T06:00:00Z");
        LocationUpdate valid = new LocationUpdate("d_1-A", -90, 180, now, now, 0.0, 100.0, 359.9);
        LocationUpdate invalid = new LocationUpdate("bad id'", Double.NaN, 180.5, now, now, -1.0, 100.1, 360.0);

        assertThat(LocationUpdateRules.violations(valid)).isEmpty();
        assertThat(LocationUpdateRules.violations(invalid))
                .extracting(Violation::field)
                .containsExactly("driverId", "latitude", "longitude", "accuracyMeters", "speedMps", "headingDegrees");
    }

    @Test
    void shouldAgreeWithTheSchemaOnTimeBounds() {
        for (String field : List.of("recordedAt", "receivedAt")) {
            assertThat(Instant.parse(schema.at("/properties/" + field + "/x-earliest").asString()))
                    .isEqualTo(LocationUpdateRules.EARLIEST_TIME);
            assertThat(Instant.parse(schema.at("/properties/" + field + "/x-latest-exclusive").asString()))
                    .isEqualTo(LocationUpdateRules.LATEST_TIME);
        }
    }

    @Test
    void shouldRejectTimesOutsideTheRangeWhateverTheirSize() {
        Instant fine = Instant.parse("2026-11-28T06:00:00.123456Z");
        List<Instant> outside = List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.ofEpochMilli(-1),
                Instant.parse("+300000000-01-01T00:00:00Z"), Instant.parse("-5000-01-01T00:00:00Z"),
                LocationUpdateRules.EARLIEST_TIME.minusNanos(1000), LocationUpdateRules.LATEST_TIME);
        for (Instant time : outside) {
            assertThat(LocationUpdateRules.violations(new LocationUpdate("d-1", 1, 2, time, fine, null, null, null)))
                    .as("recordedAt %s", time)
                    .containsExactly(new Violation("recordedAt", "range",
                            "must be an instant in [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)"));
            assertThat(LocationUpdateRules.violations(new LocationUpdate("d-1", 1, 2, fine, time, null, null, null)))
                    .as("receivedAt %s", time)
                    .extracting(Violation::field, Violation::rule)
                    .containsExactly(tuple("receivedAt", "range"));
        }
        assertThat(LocationUpdateRules.violations(new LocationUpdate("d-1", 1, 2, LocationUpdateRules.EARLIEST_TIME,
                LocationUpdateRules.LATEST_TIME.minusNanos(1000), null, null, null))).isEmpty();
    }

    @Test
    void shouldRejectRecordedAtFinerThanMicrosecondsButNotReceivedAt() {
        Instant micros = Instant.parse("2026-11-28T06:00:00.123456Z");
        Instant nanos = Instant.parse("2026-11-28T06:00:00.123456789Z");

        assertThat(LocationUpdateRules.violations(new LocationUpdate("d-1", 1, 2, nanos, micros, null, null, null)))
                .extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("recordedAt", "precision"));
        assertThat(LocationUpdateRules.violations(new LocationUpdate("d-1", 1, 2, micros, nanos, null, null, null)))
                .isEmpty();
    }

    @Test
    void shouldRejectDriverIdsTheSchemaPatternRejects() {
        Pattern schemaPattern = Pattern.compile(schema.at("/properties/driverId/pattern").asString());
        for (String id : List.of("", "a".repeat(65), "x y", "'; drop table x;--", "é", "a\nb")) {
            assertThat(LocationUpdateRules.isValidDriverId(id)).as(id).isFalse();
            assertThat(schemaPattern.matcher(id).matches()).as(id).isFalse();
        }
        assertThat(LocationUpdateRules.isValidDriverId("a".repeat(64))).isTrue();
    }

    @Test
    void shouldAgreeWithTheDriverIdPatternOnEveryCharacterAndLength() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String id = "ab" + c + "9";
            assertThat(LocationUpdateRules.isValidDriverId(id)).as("U+%04X", (int) c)
                    .isEqualTo(LocationUpdateRules.DRIVER_ID_PATTERN.matcher(id).matches());
        }
        for (String id : List.of("a", "a".repeat(63), "A_-z09", "abc\n", "\nabc", "-", "_", "a".repeat(100))) {
            assertThat(LocationUpdateRules.isValidDriverId(id)).as(id)
                    .isEqualTo(LocationUpdateRules.DRIVER_ID_PATTERN.matcher(id).matches());
        }
    }

    private void assertBounds(String field, double min, double max) {
        assertThat(schema.at("/properties/" + field + "/minimum").asDouble()).isEqualTo(min);
        assertThat(schema.at("/properties/" + field + "/maximum").asDouble()).isEqualTo(max);
    }

    private static JsonNode readSchema() {
        try (InputStream in = LocationUpdate.class.getResourceAsStream("location-update.schema.json")) {
            assertThat(in).as("schema resource").isNotNull();
            return JSON.readTree(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
