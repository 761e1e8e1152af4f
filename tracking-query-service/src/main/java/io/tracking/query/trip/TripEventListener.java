package io.tracking.query.trip;

import io.tracking.contract.trip.TripEvent;

/** Told of every trip event this instance reads from the topic, as it is read (the feed's thread: never block). */
public interface TripEventListener {

    void onTripEvent(TripEvent event);
}
