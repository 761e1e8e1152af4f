package io.tracking.trips.speed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The typical-speed query over {@code location_history}: the average {@code speed_mps} of moving fixes per grid
 * cell and hour of day over a recent window. Bounded every way it can grow: the time window (which also prunes the
 * daily partitions), a minimum number of samples per cell, a row limit keeping the best-sampled cells, and a
 * statement timeout. An average rather than a median: it aggregates by hashing instead of sorting every cell's
 * fixes, and slow and stopped fixes, which would pull it down, are left out by the moving-speed floor.
 */
final class TypicalSpeedRepository {

    private static final String QUERY = """
            SELECT floor(latitude * ? / ?)::bigint AS latitude_index,
                   floor(longitude * ? * cos(radians(latitude)) / ?)::bigint AS longitude_index,
                   extract(hour FROM recorded_at AT TIME ZONE 'UTC')::int AS hour,
                   avg(speed_mps) AS speed
              FROM location_history
             WHERE recorded_at >= now() - make_interval(secs => ?)
               AND speed_mps >= ?
             GROUP BY 1, 2, 3
            HAVING count(*) >= ?
             ORDER BY count(*) DESC
             LIMIT ?
            """;

    private final JdbcTemplate jdbc;

    TypicalSpeedRepository(DataSource dataSource, Duration queryTimeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, queryTimeout.toSeconds()));
    }

    /** Typical speeds in metres per second by cell, for the moving fixes recorded within {@code window}. */
    Map<SpeedCell, Double> typicalSpeeds(Duration window, double cellSizeMeters, double minMovingSpeedMps,
            int minSamples, int maxCells) {
        Map<SpeedCell, Double> speeds = new HashMap<>();
        jdbc.query(QUERY, rs -> {
            speeds.put(new SpeedCell(rs.getLong("latitude_index"), rs.getLong("longitude_index"), rs.getInt("hour")),
                    rs.getDouble("speed"));
        }, SpeedCell.METERS_PER_DEGREE, cellSizeMeters, SpeedCell.METERS_PER_DEGREE, cellSizeMeters,
                (double) window.toSeconds(), minMovingSpeedMps, minSamples, maxCells);
        return speeds;
    }
}
