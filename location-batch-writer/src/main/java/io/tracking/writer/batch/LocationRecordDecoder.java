package io.tracking.writer.batch;

import java.time.Instant;
import java.util.List;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateReader;
import io.tracking.contract.LocationUpdateRules;
import io.tracking.contract.Violation;
import org.jspecify.annotations.Nullable;

/**
 * Turns a Kafka record of {@code driver-location-updates} into a {@link LocationUpdate}, or says why it cannot be
 * stored: unreadable JSON, a broken {@link LocationUpdateRules} rule, a key that is not the driver id, a ping
 * older than the history retention or too far in the future.
 */
final class LocationRecordDecoder {

    /** Reads the JSON of one value; {@link LocationUpdateReader#read} in production. */
    interface Reader {

        LocationUpdate read(byte[] json) throws LocationUpdateReader.MalformedException;
    }

    private final Reader reader;
    private final long maxFutureMillis;

    LocationRecordDecoder(long maxFutureMillis) {
        this(maxFutureMillis, new LocationUpdateReader()::read);
    }

    LocationRecordDecoder(long maxFutureMillis, Reader reader) {
        this.maxFutureMillis = maxFutureMillis;
        this.reader = reader;
    }

    /** The outcome of decoding one record: exactly one of {@code update} and {@code rejection} is set. */
    record Decoded(@Nullable LocationUpdate update, @Nullable Rejection rejection) {

        static Decoded accepted(LocationUpdate update) {
            return new Decoded(update, null);
        }

        static Decoded rejected(Rejection rejection) {
            return new Decoded(null, rejection);
        }
    }

    /**
     * Decodes and checks one record. Total: whatever the key and value bytes hold (any size, nesting, number or
     * time), the answer is an update or a {@link Rejection}, never an exception, so that no record can stop the
     * poll loop.
     *
     * @param retentionCutoff pings recorded before this instant are past retention
     * @param now the current time, for the future bound
     */
    Decoded decode(byte @Nullable [] key, byte @Nullable [] value, Instant retentionCutoff, Instant now) {
        try {
            return check(key, value, retentionCutoff, now);
        } catch (RuntimeException | StackOverflowError e) {
            // a parser fault on hostile input: reported without its message, which could echo the value
            return Decoded.rejected(new Rejection(Rejection.UNDECODABLE, "value", "json",
                    "value is not a location update"));
        }
    }

    private Decoded check(byte @Nullable [] key, byte @Nullable [] value, Instant retentionCutoff, Instant now) {
        if (value == null) {
            return Decoded.rejected(new Rejection(Rejection.UNDECODABLE, "value", "required", "record has no value"));
        }
        LocationUpdate update;
        try {
            update = reader.read(value);
        } catch (LocationUpdateReader.MalformedException e) {
            // the field name only: a parser message could echo the value
            return Decoded.rejected(new Rejection(Rejection.UNDECODABLE, e.field(), "json",
                    "value is not a location update"));
        }
        // also the range of both times: after this, every Instant arithmetic below is safe
        List<Violation> violations = LocationUpdateRules.violations(update);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            return Decoded.rejected(new Rejection(Rejection.INVALID, first.field(), first.rule(), first.message()));
        }
        if (key == null || !keyMatches(key, update.driverId())) {
            return Decoded.rejected(new Rejection(Rejection.KEY_MISMATCH, "driverId", "key",
                    "record key must equal driverId"));
        }
        if (update.recordedAt().isBefore(retentionCutoff)) {
            return Decoded.rejected(new Rejection(Rejection.EXPIRED, "recordedAt", "retention",
                    "recordedAt is older than the history retention"));
        }
        if (update.recordedAt().isAfter(now.plusMillis(maxFutureMillis))) {
            return Decoded.rejected(new Rejection(Rejection.FUTURE, "recordedAt", "max-future",
                    "recordedAt is too far in the future"));
        }
        return Decoded.accepted(update);
    }

    private static boolean keyMatches(byte[] key, String driverId) {
        // driver ids are ASCII by the contract's pattern, checked above: compare without allocating
        if (key.length != driverId.length()) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != driverId.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
