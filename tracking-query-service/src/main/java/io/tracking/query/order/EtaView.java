package io.tracking.query.order;

import java.time.Instant;

import io.tracking.contract.trip.Stop;

/**
 * When the order's driver is expected at its next stop.
 *
 * @param stop the next stop
 * @param seconds from now until {@code at}, at least 0 (recomputed on every read)
 * @param at the predicted arrival
 */
record EtaView(Stop stop, long seconds, Instant at) {
}
