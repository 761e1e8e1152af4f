package io.tracking.contract.trip;

import java.time.Instant;

/**
 * A pointer to one location update that contributed to a trip event: its identity (driver and recordedAt) and where
 * it was read from, so an event can be traced back to its record on
 * {@link io.tracking.contract.Topics#LOCATION_UPDATES}.
 *
 * @param driverId the driver who sent the ping
 * @param recordedAt when the phone took the fix
 * @param partition the partition of the location update record
 * @param offset the offset of the location update record
 */
public record PingRef(String driverId, Instant recordedAt, int partition, long offset) {
}
