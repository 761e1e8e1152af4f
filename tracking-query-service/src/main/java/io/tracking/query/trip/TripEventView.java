package io.tracking.query.trip;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripEvidence;

/**
 * A trip event as the API shows it, in the tracking response and as the {@code data} of an SSE {@code trip} event.
 * Its evidence names pings by driver, recordedAt and Kafka coordinates, with distance and accuracy: never a position.
 *
 * @param eventId stable across re-derivations and redeliveries: clients dedupe on it
 * @param stop absent for DRIVER_ASSIGNED and DRIVER_CHANGED
 * @param at event time (the recordedAt of the fix that decided it, or the assignment)
 * @param detectedAt when the trip-event service derived it
 */
public record TripEventView(
        String eventId,
        TripEventType type,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Stop stop,
        Instant at,
        Instant detectedAt,
        String driverId,
        TripEvidence evidence) {

    public static TripEventView of(TripEvent event) {
        return new TripEventView(event.eventId(), event.type(), event.stop(), event.at(), event.detectedAt(),
                event.driverId(), event.evidence());
    }
}
