package io.tracking.query.location;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL against PostgreSQL: {@code driver_latest_location}, which the batch writer keeps at the newest fix per
 * driver, and the writer's stored consumer positions ({@code kafka_consumer_positions}). Two instances run: one on
 * the request pool behind {@link LatestLocationCache}, one on {@link RefreshConnection}'s own connection for the
 * cache's refresher.
 */
public final class LatestLocationRepository implements LatestLocations, StoredLatest {

    private static final String FIND_ONE =
            "SELECT " + DriverLocationRows.COLUMNS + " FROM driver_latest_location WHERE driver_id = ?";
    private static final String FIND_MANY =
            "SELECT " + DriverLocationRows.COLUMNS + " FROM driver_latest_location WHERE driver_id = ANY(?)";
    private static final String WRITER_POSITIONS =
            "SELECT partition_id, next_offset FROM kafka_consumer_positions WHERE consumer_group = ? AND topic = ?";

    private final JdbcClient jdbc;
    private final String topic;

    /** @param topic the location topic, whose positions {@link #writerPositions} reads */
    LatestLocationRepository(JdbcClient jdbc, String topic) {
        this.jdbc = jdbc;
        this.topic = topic;
    }

    @Override
    public Optional<DriverLocation> find(String driverId) {
        return jdbc.sql(FIND_ONE).param(driverId).query(DriverLocationRows::map).optional();
    }

    /** In one statement whatever the number of {@code driverIds}. */
    @Override
    public List<DriverLocation> findAll(List<String> driverIds) {
        return jdbc.sql(FIND_MANY).param(driverIds.toArray(String[]::new)).query(DriverLocationRows::map).list();
    }

    @Override
    public Map<Integer, Long> writerPositions(String group) {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.sql(WRITER_POSITIONS).param(group).param(topic)
                .query(rs -> {
                    positions.put(rs.getInt("partition_id"), rs.getLong("next_offset"));
                });
        return positions;
    }
}
