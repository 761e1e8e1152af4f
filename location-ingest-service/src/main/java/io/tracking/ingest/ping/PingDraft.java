package io.tracking.ingest.ping;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.Violation;

/**
 * The fields of one ping as the client sent them, before the value rules are applied.
 *
 * @param driverId null when absent, null or not a string
 * @param latitude null when absent, null or not a number (NaN and infinities are numbers here; the rules refuse them)
 * @param longitude as {@code latitude}
 * @param recordedAt null when absent, null, not a string or not an ISO-8601 instant
 * @param accuracyMeters optional
 * @param speedMps optional
 * @param headingDegrees optional
 * @param readViolations what was wrong with the JSON shape of the ping: wrong types, unknown or repeated fields
 */
record PingDraft(
        @Nullable String driverId,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable Instant recordedAt,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees,
        List<Violation> readViolations) {
}
