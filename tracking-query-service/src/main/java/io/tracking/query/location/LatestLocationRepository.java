package io.tracking.query.location;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Repository;

/**
 * Reads {@code driver_latest_location}, which the batch writer keeps at the newest fix per driver, through the
 * {@link LatestLocationCache} (which answers only with what the table holds).
 */
@Repository
public class LatestLocationRepository {

    private final LatestLocationReader reader;
    private final LatestLocationCache cache;

    LatestLocationRepository(LatestLocationReader reader, LatestLocationCache cache) {
        this.reader = reader;
        this.cache = cache;
    }

    public Optional<DriverLocation> find(String driverId) {
        return cache.find(driverId, reader::read);
    }

    /** The known positions among {@code driverIds}, with one statement for those not in memory. */
    public List<DriverLocation> findAll(List<String> driverIds) {
        return cache.findAll(driverIds, reader::readAll);
    }
}
