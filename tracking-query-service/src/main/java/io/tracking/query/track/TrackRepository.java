package io.tracking.query.track;

import static io.tracking.query.location.DriverLocationRows.timestamptz;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tracking.query.location.DriverLocation;
import io.tracking.query.location.DriverLocationRows;

/**
 * Reads {@code location_history}. Both bounds are always given, so PostgreSQL prunes the daily partitions and
 * walks the {@code (driver_id, recorded_at)} key of the few that remain.
 */
@Repository
public class TrackRepository {

    private static final String BETWEEN = "SELECT " + DriverLocationRows.COLUMNS + """
             FROM location_history
            WHERE driver_id = ? AND recorded_at >= ? AND recorded_at < ?
            ORDER BY recorded_at
            LIMIT ?""";
    private static final String AFTER = "SELECT " + DriverLocationRows.COLUMNS + """
             FROM location_history
            WHERE driver_id = ? AND recorded_at > ? AND recorded_at <= ?
            ORDER BY recorded_at
            LIMIT ?""";

    private final JdbcClient jdbc;

    TrackRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Positions with {@code from <= recordedAt < to}, oldest first, at most {@code limit}. */
    public List<DriverLocation> between(String driverId, Instant from, Instant to, int limit) {
        return jdbc.sql(BETWEEN).params(driverId, timestamptz(from), timestamptz(to), limit)
                .query(DriverLocationRows::map).list();
    }

    /** Positions with {@code after < recordedAt <= until}, oldest first, at most {@code limit}. */
    public List<DriverLocation> after(String driverId, Instant after, Instant until, int limit) {
        return jdbc.sql(AFTER).params(driverId, timestamptz(after), timestamptz(until), limit)
                .query(DriverLocationRows::map).list();
    }
}
