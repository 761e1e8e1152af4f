package io.tracking.query.location;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tracking.query.QueryProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL behind {@link LatestLocationRepository} (this bean, on the request pool) and {@link LatestLocationCache}'s
 * refresher (an instance on {@link RefreshConnection}'s own connection).
 */
@Component
class LatestLocationReader {

    private static final String FIND_ONE =
            "SELECT " + DriverLocationRows.COLUMNS + " FROM driver_latest_location WHERE driver_id = ?";
    private static final String FIND_MANY =
            "SELECT " + DriverLocationRows.COLUMNS + " FROM driver_latest_location WHERE driver_id = ANY(?)";
    private static final String WRITER_POSITIONS =
            "SELECT partition_id, next_offset FROM kafka_consumer_positions WHERE consumer_group = ? AND topic = ?";

    private final JdbcClient jdbc;
    private final String topic;

    LatestLocationReader(JdbcClient jdbc, QueryProperties properties) {
        this.jdbc = jdbc;
        this.topic = properties.live().topic();
    }

    Optional<DriverLocation> read(String driverId) {
        return jdbc.sql(FIND_ONE).param(driverId).query(DriverLocationRows::map).optional();
    }

    /** The known positions among {@code driverIds}, in one statement whatever their number. */
    List<DriverLocation> readAll(List<String> driverIds) {
        return jdbc.sql(FIND_MANY).param(driverIds.toArray(String[]::new)).query(DriverLocationRows::map).list();
    }

    /** See {@link StoredLatest#writerPositions}. */
    Map<Integer, Long> writerPositions(String group) {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.sql(WRITER_POSITIONS).param(group).param(topic)
                .query(rs -> {
                    positions.put(rs.getInt("partition_id"), rs.getLong("next_offset"));
                });
        return positions;
    }
}
