package io.tracking.query.live;

import io.tracking.contract.LocationUpdate;

/**
 * Receives every valid position the live reader takes from the location topic, as soon as it is read and before
 * the batch writer stores it. Calls come from the single reader thread, in partition order (so in publishing
 * order per driver), and must return quickly: hand work to another thread rather than block.
 *
 * <p>{@link LiveLocationHub} is the listener behind the SSE streams; arrival notifications can be another.
 */
public interface LiveLocationListener {

    /**
     * Whether this listener wants {@code driverId}'s positions. Asked with the record's key before its value is
     * decoded: a burst of positions nobody watches (a backlog, a fleet with few open streams) then costs a map
     * lookup each instead of a JSON parse.
     */
    default boolean watches(String driverId) {
        return true;
    }

    void onLocation(LocationUpdate update);
}
