package io.tracking.contract;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One GPS fix of one driver, as published on {@link Topics#LOCATION_UPDATES} with the driver id as key.
 *
 * @param driverId the driver, matching {@link LocationUpdateRules#DRIVER_ID_PATTERN}; also the Kafka record key
 * @param latitude WGS84 degrees in [-90, 90]
 * @param longitude WGS84 degrees in [-180, 180]
 * @param recordedAt when the phone took the fix (UTC instant); with the driver id, the identity of a ping
 * @param receivedAt when the ingest service accepted the ping (server clock)
 * @param accuracyMeters horizontal accuracy radius, at least 0, when the phone reports it
 * @param speedMps ground speed in [0, 100] metres per second, when reported
 * @param headingDegrees course over ground in [0, 360), when reported
 */
public record LocationUpdate(
        String driverId,
        double latitude,
        double longitude,
        Instant recordedAt,
        Instant receivedAt,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees) {
}
