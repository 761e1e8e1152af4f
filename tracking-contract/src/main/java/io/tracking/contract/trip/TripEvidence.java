package io.tracking.contract.trip;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Why a trip event was derived, so that it can be audited and its parameters tuned.
 *
 * @param pings the pings that decided the event (for an arrival, the first and the last fix of the dwell), oldest
 *     first; empty for the assignment events
 * @param distanceMeters the distance from the deciding fix to the stop
 * @param accuracyMeters the reported accuracy of the deciding fix
 * @param dwellSeconds for an arrival, how long the driver had been inside the arrive radius, by event time
 * @param etaSeconds the ETA to the stop at that moment, if one was known
 */
public record TripEvidence(
        List<PingRef> pings,
        @Nullable Double distanceMeters,
        @Nullable Double accuracyMeters,
        @Nullable Double dwellSeconds,
        @Nullable Double etaSeconds) {

    public TripEvidence {
        pings = List.copyOf(pings);
    }

    /** No pings, no figures: the evidence of an event that comes from the order itself. */
    public static TripEvidence none() {
        return new TripEvidence(List.of(), null, null, null, null);
    }
}
