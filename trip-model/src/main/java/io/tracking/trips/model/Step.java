package io.tracking.trips.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.TripEvent;

/**
 * What one input to an {@link OrderTrip} produced. The caller stores {@link OrderTrip#state()} and publishes the
 * events and the ETA in one transaction, so that each event is produced once; it records the counts and accuracies
 * as metrics and feeds the completed legs to {@link EtaEstimator#calibrate}.
 *
 * @param events new trip events, in order
 * @param eta a new ETA to publish, if one is due
 * @param latePings fixes that came later than the grace window, by event time: counted, not used
 * @param duplicatePings fixes already seen (same driver and recordedAt): nothing changed
 * @param etaAccuracy at an arrival, the error of the ETAs predicted 10, 5 and 2 minutes before it (those the leg
 *     lasted long enough to have)
 * @param legs at an arrival, the leg just completed, for the detour factor's calibration
 */
public record Step(
        List<TripEvent> events,
        @Nullable EtaUpdate eta,
        int latePings,
        int duplicatePings,
        List<EtaAccuracy> etaAccuracy,
        List<LegObservation> legs) {

    private static final Step NOTHING = new Step(List.of(), null, 0, 0, List.of(), List.of());

    public Step {
        events = List.copyOf(events);
        etaAccuracy = List.copyOf(etaAccuracy);
        legs = List.copyOf(legs);
    }

    /** Nothing happened. */
    public static Step nothing() {
        return NOTHING;
    }
}
