package io.tracking.trips.stream;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.TripEvent;

/** What an order's task publishes, each to its own topic. */
sealed interface TripOutput {

    record Event(TripEvent event) implements TripOutput {
    }

    record Eta(EtaUpdate eta) implements TripOutput {
    }
}
