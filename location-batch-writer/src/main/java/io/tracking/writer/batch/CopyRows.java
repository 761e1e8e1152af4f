package io.tracking.writer.batch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import io.tracking.contract.LocationUpdate;
import org.jspecify.annotations.Nullable;

/**
 * Rows of {@code location_history} in PostgreSQL's binary {@code COPY} format, built in memory. Binary spares the
 * server from parsing text numbers and timestamps; no value is ever spliced into SQL.
 *
 * <p>Column order: driver_id, recorded_at, received_at, latitude, longitude, accuracy_meters, speed_mps,
 * heading_degrees. Timestamps are truncated to microseconds, PostgreSQL's precision.
 */
final class CopyRows {

    static final String COLUMNS =
            "(driver_id, recorded_at, received_at, latitude, longitude, accuracy_meters, speed_mps, heading_degrees)";

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private byte[] bytes;
    private int length;
    private int rows;

    CopyRows(int expectedRows) {
        bytes = new byte[Math.max(64, 19 + expectedRows * 112)];
        System.arraycopy(SIGNATURE, 0, bytes, 0, SIGNATURE.length);
        length = SIGNATURE.length;
        writeInt(0); // flags
        writeInt(0); // header extension length
    }

    /** Microseconds since 1970-01-01, the identity of a ping together with the driver id. */
    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    void add(LocationUpdate update) {
        ensure(2 + 4 + update.driverId().length() * 3 + 7 * 12);
        writeShort(8);
        byte[] driverId = update.driverId().getBytes(StandardCharsets.UTF_8);
        writeInt(driverId.length);
        System.arraycopy(driverId, 0, bytes, length, driverId.length);
        length += driverId.length;
        writeTimestamp(update.recordedAt());
        writeTimestamp(update.receivedAt());
        writeDouble(update.latitude());
        writeDouble(update.longitude());
        writeNullableDouble(update.accuracyMeters());
        writeNullableDouble(update.speedMps());
        writeNullableDouble(update.headingDegrees());
        rows++;
    }

    int rows() {
        return rows;
    }

    /** The complete COPY stream, trailer included; the instance must not be used afterwards. */
    byte[] finish() {
        ensure(2);
        writeShort(-1);
        return bytes;
    }

    int length() {
        return length;
    }

    private void writeTimestamp(Instant instant) {
        writeInt(8);
        writeLong(epochMicros(instant) - POSTGRES_EPOCH_SECONDS * 1_000_000L);
    }

    private void writeDouble(double value) {
        writeInt(8);
        writeLong(Double.doubleToRawLongBits(value));
    }

    private void writeNullableDouble(@Nullable Double value) {
        if (value == null) {
            writeInt(-1);
        } else {
            writeDouble(value);
        }
    }

    private void writeShort(int value) {
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void writeInt(int value) {
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
