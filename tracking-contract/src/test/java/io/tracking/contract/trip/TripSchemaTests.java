package io.tracking.contract.trip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import io.tracking.contract.LocationUpdate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Keeps the trip records and their published JSON schemas in agreement. */
class TripSchemaTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private static final GeoPoint PICKUP = new GeoPoint(12.9716, 77.5946);

    private static final GeoPoint DROPOFF = new GeoPoint(12.9352, 77.6245);

    record Sample(String schema, Object value) {

        @Override
        public String toString() {
            return value.getClass().getSimpleName() + " in " + schema;
        }
    }

    static List<Sample> samples() {
        PingRef ping = new PingRef("driver-7", T0.plusSeconds(95), 3, 12_345L);
        return List.of(
                new Sample("order-snapshot.schema.json", new OrderSnapshot("order-1", 42, "driver-7",
                        OrderSnapshot.ASSIGNED, PICKUP, DROPOFF, T0, T0, null)),
                new Sample("order-snapshot.schema.json", new OrderSnapshot("order-1", 43, "driver-7",
                        OrderSnapshot.PICKED_UP, PICKUP, DROPOFF, T0, T0.plusSeconds(600),
                        new TripParameterOverrides(80.0, 30, null, 90, 300.0))),
                new Sample("trip-event.schema.json", new TripEvent(
                        TripEvent.eventId("order-1", TripEventType.DRIVER_ASSIGNED, 1), "order-1", "driver-7",
                        TripEventType.DRIVER_ASSIGNED, null, T0, T0.plusMillis(5), TripEvidence.none())),
                new Sample("trip-event.schema.json", new TripEvent(
                        TripEvent.eventId("order-1", TripEventType.ARRIVED_AT_PICKUP, 1), "order-1", "driver-7",
                        TripEventType.ARRIVED_AT_PICKUP, Stop.PICKUP, T0.plusSeconds(95), T0.plusSeconds(96),
                        new TripEvidence(List.of(new PingRef("driver-7", T0.plusSeconds(75), 3, 12_300L), ping),
                                18.5, 12.0, 20.0, 0.0))),
                new Sample("order-eta.schema.json", new EtaUpdate("order-1", "driver-7", Stop.DROPOFF, 240,
                        T0.plusSeconds(335), T0.plusSeconds(96), T0.plusSeconds(95), 1830.5)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldSerializeEverySampleToJsonValidUnderItsSchema(Sample sample) {
        JsonNode json = JSON.valueToTree(sample.value());

        assertThat(schema(sample.schema()).validate(json)).extracting(Error::toString).isEmpty();
        assertThat(JSON.treeToValue(json, sample.value().getClass())).isEqualTo(sample.value());
    }

    @Test
    void shouldRejectWhatTheRecordsCannotHold() {
        JsonNode snapshot = JSON.valueToTree(samples().get(0).value());
        List<JsonNode> broken = List.of(
                with(snapshot, "status", "LOST"),
                with(snapshot, "driverAssignedAt", "yesterday"),
                with(snapshot, "orderId", "a b"),
                with(snapshot, "unknown", "x"));

        for (JsonNode json : broken) {
            assertThat(schema("order-snapshot.schema.json").validate(json)).as(json.toString()).isNotEmpty();
        }
    }

    @Test
    void shouldDescribeEveryRecordComponentAndNothingElse() {
        assertDescribes(schema("order-snapshot.schema.json", ""), OrderSnapshot.class);
        assertDescribes(schema("order-snapshot.schema.json", "/$defs/GeoPoint"), GeoPoint.class);
        assertDescribes(schema("order-snapshot.schema.json", "/$defs/TripParameterOverrides"),
                TripParameterOverrides.class);
        assertDescribes(schema("trip-event.schema.json", ""), TripEvent.class);
        assertDescribes(schema("trip-event.schema.json", "/$defs/TripEvidence"), TripEvidence.class);
        assertDescribes(schema("trip-event.schema.json", "/$defs/PingRef"), PingRef.class);
        assertDescribes(schema("order-eta.schema.json", ""), EtaUpdate.class);
    }

    @Test
    void shouldListTheEnumConstantsOfTheRecords() {
        assertThat(enumValues("order-snapshot.schema.json", "/properties/status"))
                .containsExactly(OrderSnapshot.ASSIGNED, OrderSnapshot.PICKED_UP, OrderSnapshot.DELIVERED,
                        OrderSnapshot.CANCELLED);
        assertThat(enumValues("trip-event.schema.json", "/properties/type"))
                .containsExactlyElementsOf(Arrays.stream(TripEventType.values()).map(Enum::name).toList());
        assertThat(enumValues("order-eta.schema.json", "/properties/stop"))
                .containsExactlyElementsOf(Arrays.stream(Stop.values()).map(Enum::name).toList());
    }

    @Test
    void shouldBuildDeterministicEventIds() {
        assertThat(TripEvent.eventId("order-1", TripEventType.LEFT_PICKUP, 2)).isEqualTo("order-1/LEFT_PICKUP/2");
    }

    /** Every component of {@code type} is a property, the non-nullable ones required, and nothing else is. */
    private static void assertDescribes(JsonNode schema, Class<? extends Record> type) {
        List<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> nonNullable = Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getAnnotatedType().getAnnotations().length == 0)
                .map(RecordComponent::getName)
                .toList();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(node -> required.add(node.asString()));

        assertThat(schema.get("properties").propertyNames()).as(type.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(components);
        assertThat(schema.get("additionalProperties").asBoolean()).as(type.getSimpleName()).isFalse();
        if (type != TripParameterOverrides.class) {
            assertThat(required).as(type.getSimpleName()).containsExactlyInAnyOrderElementsOf(nonNullable);
        }
    }

    private static List<String> enumValues(String resource, String pointer) {
        List<String> values = new ArrayList<>();
        schema(resource, pointer).get("enum").forEach(node -> {
            if (!node.isNull()) {
                values.add(node.asString());
            }
        });
        return values;
    }

    private static JsonNode with(JsonNode json, String field, String value) {
        ObjectNode copy = (ObjectNode) json.deepCopy();
        return copy.put(field, value);
    }

    private static JsonNode schema(String resource, String pointer) {
        return readSchema(resource).at(pointer);
    }

    private static Schema schema(String resource) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config)
                        .schemas(Map.of("urn:test:" + resource, JSON.writeValueAsString(readSchema(resource)))));
        return registry.getSchema(SchemaLocation.of("urn:test:" + resource));
    }

    private static JsonNode readSchema(String resource) {
        try (InputStream in = LocationUpdate.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
