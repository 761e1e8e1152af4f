package io.tracking.query.location;

import java.util.List;
import java.util.Optional;

/**
 * The newest stored position of drivers, as {@code driver_latest_location} holds it. Implemented by the table
 * itself ({@link LatestLocationRepository}) and by the cache in front of it ({@link LatestLocationCache}), which
 * answers only with what the table holds; {@link LatestLocationConfiguration} says which one callers get.
 */
public interface LatestLocations {

    /** The stored position of {@code driverId}, if the writer stored any. */
    Optional<DriverLocation> find(String driverId);

    /** The stored positions among {@code driverIds}, in no particular order; drivers with none are left out. */
    List<DriverLocation> findAll(List<String> driverIds);
}
