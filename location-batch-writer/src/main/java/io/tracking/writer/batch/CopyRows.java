package io.tracking.writer.batch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

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

    void add(BufferedPing ping) {
        String driverId = ping.driverId();
        ensure(2 + 4 + driverId.length() * 3 + 7 * 12);
        writeShort(8);
        int lengthAt = length;
        length += 4;
        int written = writeUtf8(driverId);
        writeIntAt(lengthAt, written);
        writeTimestamp(ping.recordedMicros());
        writeTimestamp(ping.receivedMicros());
        writeDouble(ping.latitude());
        writeDouble(ping.longitude());
        writeOptionalDouble(ping.accuracyMeters());
        writeOptionalDouble(ping.speedMps());
        writeOptionalDouble(ping.headingDegrees());
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

    private void writeTimestamp(long epochMicros) {
        writeInt(8);
        writeLong(epochMicros - POSTGRES_EPOCH_SECONDS * 1_000_000L);
    }

    /** Driver ids are ASCII by the contract; anything else still comes out as correct UTF-8. */
    private int writeUtf8(String text) {
        int from = length;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                length = from;
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, bytes, length, utf8.length);
                length += utf8.length;
                return utf8.length;
            }
            bytes[length++] = (byte) c;
        }
        return length - from;
    }

    private void writeDouble(double value) {
        writeInt(8);
        writeLong(Double.doubleToRawLongBits(value));
    }

    private void writeOptionalDouble(double value) {
        if (BufferedPing.isPresent(value)) {
            writeDouble(value);
        } else {
            writeInt(-1);
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

    private void writeIntAt(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
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
