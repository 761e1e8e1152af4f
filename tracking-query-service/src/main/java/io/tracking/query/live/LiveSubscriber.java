package io.tracking.query.live;

import io.tracking.contract.LocationUpdate;

/** A watcher of one driver's live positions. Called on the reader thread, under the driver's lock: never block. */
interface LiveSubscriber {

    void onLocation(LocationUpdate update);
}
