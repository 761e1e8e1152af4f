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

    void onLocation(LocationUpdate update);
}
