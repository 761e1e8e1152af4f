package io.tracking.query.location;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/** Maps rows of {@code driver_latest_location} and {@code location_history}, and binds instants for them. */
public final class DriverLocationRows {

    /** The columns {@link #map} reads, in SQL. */
    public static final String COLUMNS =
            "driver_id, latitude, longitude, recorded_at, accuracy_meters, speed_mps, heading_degrees";

    private DriverLocationRows() {
    }

    public static DriverLocation map(ResultSet rs, int row) throws SQLException {
        return new DriverLocation(
                rs.getString("driver_id"),
                rs.getDouble("latitude"),
                rs.getDouble("longitude"),
                instant(rs, "recorded_at"),
                nullableDouble(rs, "accuracy_meters"),
                nullableDouble(rs, "speed_mps"),
                nullableDouble(rs, "heading_degrees"));
    }

    /** An instant as a {@code timestamptz} parameter, independent of the JVM's time zone. */
    public static OffsetDateTime timestamptz(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    public static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
