package io.tracking.trips.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.trips.support.MigratedDatabase;
import io.tracking.trips.TripServiceProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Typical speeds read from {@code location_history} in the embedded PostgreSQL. */
class HistoricalTypicalSpeedsIT {

    private final JdbcTemplate jdbc = new JdbcTemplate(MigratedDatabase.dataSource());
    private final TripServiceProperties.TypicalSpeeds settings = new Binder(new MapConfigurationPropertySource(
            Map.of("tracking.trips.typical-speeds.min-samples", "10"))).bindOrCreate("tracking.trips",
            TripServiceProperties.class).typicalSpeeds();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldAverageTheMovingFixesOfACellAndHour() {
        // a place of its own, so that other tests' fixes do not share the cell
        double latitude = ThreadLocalRandom.current().nextDouble(-60, 60);
        double longitude = ThreadLocalRandom.current().nextDouble(-170, 170);
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS).plusSeconds(60);
        insert(latitude, longitude, hourAgo, 12, 6.0);
        insert(latitude, longitude, hourAgo.plusSeconds(100), 12, 10.0);
        // parked: not driving, left out
        insert(latitude, longitude, hourAgo.plusSeconds(200), 30, 0.0);
        // older than the window
        insert(latitude, longitude, hourAgo.minus(Duration.ofDays(8)), 30, 30.0);
        HistoricalTypicalSpeeds speeds = new HistoricalTypicalSpeeds(
                new TypicalSpeedRepository(MigratedDatabase.dataSource(), Duration.ofSeconds(30)), settings, registry);

        assertThat(speeds.metersPerSecond(latitude, longitude, hourAgo)).isEmpty();
        speeds.refresh();

        assertThat(speeds.metersPerSecond(latitude, longitude, hourAgo).getAsDouble()).isCloseTo(8.0, offset(1e-9));
        assertThat(speeds.metersPerSecond(latitude, longitude, hourAgo.plus(Duration.ofHours(2)))).isEmpty();
        assertThat(speeds.metersPerSecond(latitude + 0.1, longitude, hourAgo)).isEmpty();
    }

    @Test
    void shouldKeepTheSpeedsItHasWhenTheDatabaseFails() {
        DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none",
                "nobody", "none");
        HistoricalTypicalSpeeds speeds = new HistoricalTypicalSpeeds(
                new TypicalSpeedRepository(unreachable, Duration.ofSeconds(5)), settings, registry);

        speeds.refresh();

        assertThat(speeds.metersPerSecond(52.5, 13.4, Instant.now())).isEmpty();
        assertThat(registry.get("tracking.trips.typical.speeds.refreshes").tag("outcome", "failure").counter()
                .count()).isEqualTo(1);
    }

    private void insert(double latitude, double longitude, Instant from, int count, double speed) {
        String driverId = "driver-" + UUID.randomUUID();
        for (int i = 0; i < count; i++) {
            Timestamp at = Timestamp.from(from.plusSeconds(i));
            jdbc.update("""
                    INSERT INTO location_history (driver_id, recorded_at, received_at, latitude, longitude,
                                                  accuracy_meters, speed_mps, heading_degrees)
                    VALUES (?, ?, ?, ?, ?, 5.0, ?, NULL)
                    """, driverId, at, at, latitude, longitude, speed);
        }
    }
}
