package io.tracking.query.location;

import java.util.List;
import java.util.Map;

/** What {@link LatestCacheRefresher} reads from the database itself, on {@link RefreshConnection}. */
interface StoredLatest {

    /** Per partition of the location topic, the offset before which the batch writer {@code group} stored all. */
    Map<Integer, Long> writerPositions(String group);

    /** The stored positions among {@code driverIds}. */
    List<DriverLocation> findAll(List<String> driverIds);
}
