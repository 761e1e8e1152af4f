package io.tracking.trips.model;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * How fast drivers usually move around a place at a time of day, learnt from history (the service derives it from
 * {@code location_history}). The ETA starts a leg from it and blends in the driver's own pace as they drive: a driver
 * who has just set off says little about the next two kilometres, the area's usual speed at this hour says more.
 */
@FunctionalInterface
public interface TypicalSpeeds {

    /** No history anywhere: the ETA relies on a fallback speed and the driver's pace. */
    TypicalSpeeds NONE = (latitude, longitude, at) -> OptionalDouble.empty();

    /**
     * The typical ground speed in metres per second around the point at the hour of {@code at}, or empty when
     * history has too little to say. Called on the stream thread for every fix: implementations must answer from
     * memory, not query a database.
     */
    OptionalDouble metersPerSecond(double latitude, double longitude, Instant at);
}
