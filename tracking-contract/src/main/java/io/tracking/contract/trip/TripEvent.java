package io.tracking.contract.trip;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One moment of an order's trip, as published on {@link io.tracking.contract.Topics#ORDER_TRIP_EVENTS} (key: order
 * id). Deriving the same events again (after a crash, or in a replay) yields the same {@code eventId}s, so stores
 * keyed by it are idempotent.
 *
 * @param eventId {@code orderId + "/" + type + "/" + n}, n counting the events of this type of the order from 1
 * @param orderId the order; also the Kafka record key
 * @param driverId the driver the event is about
 * @param type what happened
 * @param stop the stop it happened at or is heading to; null for the assignment events
 * @param at event time: the recordedAt of the fix that decided it, or the order's driverAssignedAt
 * @param detectedAt the wall-clock time when it was derived
 * @param evidence the pings and figures that decided it
 */
public record TripEvent(
        String eventId,
        String orderId,
        String driverId,
        TripEventType type,
        @Nullable Stop stop,
        Instant at,
        Instant detectedAt,
        TripEvidence evidence) {

    /** The deterministic id of the {@code n}th event of {@code type} of the order (n from 1). */
    public static String eventId(String orderId, TripEventType type, int n) {
        return orderId + "/" + type + "/" + n;
    }
}
