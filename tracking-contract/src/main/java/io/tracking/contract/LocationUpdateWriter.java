package io.tracking.contract;

import java.io.ByteArrayOutputStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The one writer of the contract's JSON, the counterpart of {@link LocationUpdateReader}: every field, nulls written
 * as {@code null}, instants as {@code Instant.toString} writes them ({@link UtcInstants#format}). What data binding
 * writes for a {@link LocationUpdate}, without its per-record introspection and {@code DateTimeFormatter}: the
 * ingest service writes one per ping.
 */
public final class LocationUpdateWriter {

    private static final int TYPICAL_SIZE = 256;

    private final JsonFactory factory = new JsonFactory();

    /** The JSON of {@code update}, UTF-8; thread-safe. */
    public byte[] write(LocationUpdate update) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TYPICAL_SIZE);
        try (JsonGenerator json = factory.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("driverId", update.driverId());
            json.writeNumberProperty("latitude", update.latitude());
            json.writeNumberProperty("longitude", update.longitude());
            json.writeStringProperty("recordedAt", UtcInstants.format(update.recordedAt()));
            json.writeStringProperty("receivedAt", UtcInstants.format(update.receivedAt()));
            writeNullable(json, "accuracyMeters", update.accuracyMeters());
            writeNullable(json, "speedMps", update.speedMps());
            writeNullable(json, "headingDegrees", update.headingDegrees());
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeNullable(JsonGenerator json, String name, @Nullable Double value) {
        if (value == null) {
            json.writeNullProperty(name);
        } else {
            json.writeNumberProperty(name, value.doubleValue());
        }
    }
}
