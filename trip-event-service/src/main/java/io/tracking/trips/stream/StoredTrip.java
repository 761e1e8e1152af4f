package io.tracking.trips.stream;

import io.tracking.trips.model.TripState;
import org.jspecify.annotations.Nullable;

/**
 * An open trip as the {@code order-trips} store keeps it (keyed by order id, JSON, changelogged): the model's
 * state and the last ETA published for it.
 */
record StoredTrip(TripState state, @Nullable PublishedEta lastEta) {
}
