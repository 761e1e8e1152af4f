package io.tracking.query.location;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads {@code driver_latest_location}, which the batch writer keeps at the newest fix per driver. */
@Repository
public class LatestLocationRepository {

    private static final String FIND_ONE =
            "SELECT " + DriverLocationRows.COLUMNS + " FROM driver_latest_location WHERE driver_id = ?";
    private static final String FIND_MANY =
            "SELECT " + DriverLocationRows.COLUMNS + " FROM driver_latest_location WHERE driver_id = ANY(?)";

    private final JdbcClient jdbc;

    LatestLocationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DriverLocation> find(String driverId) {
        return jdbc.sql(FIND_ONE).param(driverId).query(DriverLocationRows::map).optional();
    }

    /** The known positions among {@code driverIds}, in one statement whatever their number. */
    public List<DriverLocation> findAll(List<String> driverIds) {
        return jdbc.sql(FIND_MANY).param(driverIds.toArray(String[]::new)).query(DriverLocationRows::map).list();
    }
}
