package io.tracking.trips.speed;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.trips.TripServiceProperties;
import io.tracking.trips.model.TypicalSpeeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Typical speeds answered from memory: the stream thread only reads an immutable map that {@link #refresh()}
 * replaces in the background, so a slow or failing database never delays a fix. Empty until the first refresh
 * succeeds (ETAs then use the driver's own speed); a failed refresh keeps the speeds of the last good one.
 */
public final class HistoricalTypicalSpeeds implements TypicalSpeeds {

    private static final Logger log = LoggerFactory.getLogger(HistoricalTypicalSpeeds.class);

    private final TypicalSpeedRepository repository;
    private final TripServiceProperties.TypicalSpeeds settings;
    private final Counter refreshed;
    private final Counter failed;
    private volatile Map<SpeedCell, Double> speeds = Map.of();

    HistoricalTypicalSpeeds(TypicalSpeedRepository repository, TripServiceProperties.TypicalSpeeds settings,
            MeterRegistry registry) {
        this.repository = repository;
        this.settings = settings;
        refreshed = Counter.builder("tracking.trips.typical.speeds.refreshes").tag("outcome", "success")
                .description("Reads of the typical speeds from location_history").register(registry);
        failed = Counter.builder("tracking.trips.typical.speeds.refreshes").tag("outcome", "failure")
                .description("Reads of the typical speeds from location_history").register(registry);
        Gauge.builder("tracking.trips.typical.speeds.cells", this, typical -> typical.speeds.size())
                .description("Grid cells and hours with a typical speed in memory").register(registry);
    }

    @Override
    public OptionalDouble metersPerSecond(double latitude, double longitude, Instant at) {
        Double speed = speeds.get(SpeedCell.of(latitude, longitude, at, settings.cellSizeMeters()));
        return speed == null ? OptionalDouble.empty() : OptionalDouble.of(speed);
    }

    /** Reads the typical speeds again; called on a background thread, never on a stream thread. */
    void refresh() {
        try {
            speeds = Map.copyOf(repository.typicalSpeeds(settings.window(), settings.cellSizeMeters(),
                    settings.minMovingSpeedMps(), settings.minSamples(), settings.maxCells()));
            refreshed.increment();
            log.debug("Typical speeds refreshed: {} cells", speeds.size());
        } catch (DataAccessException e) {
            failed.increment();
            log.warn("Could not refresh the typical speeds, keeping {} cells: {}", speeds.size(), e.toString());
        }
    }
}
