package io.tracking.query.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes rows the way the batch writer does: every ping into the history, the newest one per driver as latest. */
public final class WriterRows {

    private final JdbcClient jdbc;

    public WriterRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void ping(String driverId, double latitude, double longitude, Instant recordedAt) {
        ping(driverId, latitude, longitude, recordedAt, null, null, null);
    }

    public void ping(String driverId, double latitude, double longitude, Instant recordedAt,
            @Nullable Double accuracyMeters, @Nullable Double speedMps, @Nullable Double headingDegrees) {
        OffsetDateTime recorded = OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC);
        OffsetDateTime received = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                INSERT INTO location_history (driver_id, recorded_at, received_at, latitude, longitude,
                    accuracy_meters, speed_mps, heading_degrees)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (driver_id, recorded_at) DO NOTHING""")
                .params(driverId, recorded, received, latitude, longitude, accuracyMeters, speedMps, headingDegrees)
                .update();
        jdbc.sql("""
                INSERT INTO driver_latest_location (driver_id, recorded_at, received_at, latitude, longitude,
                    accuracy_meters, speed_mps, heading_degrees)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (driver_id) DO UPDATE SET recorded_at = EXCLUDED.recorded_at,
                    received_at = EXCLUDED.received_at, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
                    accuracy_meters = EXCLUDED.accuracy_meters, speed_mps = EXCLUDED.speed_mps,
                    heading_degrees = EXCLUDED.heading_degrees, stored_at = now()
                WHERE driver_latest_location.recorded_at < EXCLUDED.recorded_at""")
                .params(driverId, recorded, received, latitude, longitude, accuracyMeters, speedMps, headingDegrees)
                .update();
    }
}
