package io.tracking.query.location;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A stored position of a driver, as the batch writer keeps it.
 *
 * @param driverId the driver
 * @param latitude WGS84 degrees
 * @param longitude WGS84 degrees
 * @param recordedAt when the phone took the fix
 * @param accuracyMeters horizontal accuracy, when the phone reported it
 * @param speedMps ground speed, when reported
 * @param headingDegrees course over ground, when reported
 */
public record DriverLocation(
        String driverId,
        double latitude,
        double longitude,
        Instant recordedAt,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees) {
}
