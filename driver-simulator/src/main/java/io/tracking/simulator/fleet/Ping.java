package io.tracking.simulator.fleet;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdate;

/**
 * One GPS fix as a phone reports it: the JSON body of {@code POST /api/v1/locations}, an element of a batch, and
 * one line of a recorded or replayed NDJSON file.
 *
 * @param driverId the driver, also the subject of the token that sends it
 * @param latitude WGS84 degrees
 * @param longitude WGS84 degrees
 * @param recordedAt when the fix was taken; strictly increasing per driver for generated pings
 * @param accuracyMeters horizontal accuracy radius, when known
 * @param speedMps ground speed, when known
 * @param headingDegrees course over ground in [0, 360), when known
 */
public record Ping(
        String driverId,
        double latitude,
        double longitude,
        Instant recordedAt,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees) {

    /** The contract event the ingest service would publish for this ping had it received it at {@code receivedAt}. */
    public LocationUpdate toLocationUpdate(Instant receivedAt) {
        return new LocationUpdate(driverId, latitude, longitude, recordedAt, receivedAt, accuracyMeters, speedMps,
                headingDegrees);
    }
}
