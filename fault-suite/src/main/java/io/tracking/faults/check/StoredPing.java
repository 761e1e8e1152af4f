package io.tracking.faults.check;

import java.time.Instant;

/**
 * A ping as PostgreSQL holds it: a {@code location_history} row, or a driver's {@code driver_latest_location} row.
 *
 * @param driverId the driver
 * @param recordedAt with the driver id, the primary key of the history
 * @param latitude as stored
 * @param longitude as stored
 */
public record StoredPing(String driverId, Instant recordedAt, double latitude, double longitude) {

    /** Same key and exactly the same coordinates (the double the client sent is the one stored). */
    boolean samePingAs(String otherDriverId, Instant otherRecordedAt, double otherLatitude, double otherLongitude) {
        return driverId.equals(otherDriverId) && recordedAt.equals(otherRecordedAt)
                && Double.compare(latitude, otherLatitude) == 0 && Double.compare(longitude, otherLongitude) == 0;
    }
}
