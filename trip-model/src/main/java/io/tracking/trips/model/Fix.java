package io.tracking.trips.model;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.PingRef;

/**
 * One GPS fix of a driver as the trip sees it: the location update plus where it was read from, so that events can
 * name the records that decided them.
 *
 * @param driverId the driver
 * @param latitude WGS84 degrees
 * @param longitude WGS84 degrees
 * @param recordedAt when the phone took the fix: the event time every rule uses; with the driver, its identity
 * @param accuracyMeters the horizontal accuracy radius the phone reported, if any
 * @param speedMps the ground speed the phone reported, if any
 * @param partition the partition of the location update record
 * @param offset the offset of the location update record
 */
public record Fix(
        String driverId,
        double latitude,
        double longitude,
        Instant recordedAt,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        int partition,
        long offset) {

    /** The great-circle distance from this fix to {@code point}, in metres. */
    public double distanceTo(GeoPoint point) {
        return Geo.distanceMeters(latitude, longitude, point.latitude(), point.longitude());
    }

    /** The great-circle distance between two fixes, in metres. */
    public double distanceTo(Fix other) {
        return Geo.distanceMeters(latitude, longitude, other.latitude, other.longitude);
    }

    /** The reference an event's evidence keeps of this fix. */
    public PingRef ref() {
        return new PingRef(driverId, recordedAt, partition, offset);
    }
}
