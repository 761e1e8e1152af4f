package io.tracking.trips.speed;

import java.time.Instant;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.trips.TripServiceProperties;
import io.tracking.trips.model.TypicalSpeeds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * The {@link TypicalSpeeds} the ETA uses: from {@code location_history}, refreshed on the task scheduler's thread
 * from startup on, or none at all when {@code tracking.trips.typical-speeds.enabled} is false.
 */
@Configuration(proxyBeanMethods = false)
class TypicalSpeedsConfiguration {

    @Bean
    TypicalSpeeds typicalSpeeds(TripServiceProperties properties, DataSource dataSource, MeterRegistry registry,
            TaskScheduler scheduler) {
        TripServiceProperties.TypicalSpeeds settings = properties.typicalSpeeds();
        if (!settings.enabled()) {
            return TypicalSpeeds.NONE;
        }
        HistoricalTypicalSpeeds speeds = new HistoricalTypicalSpeeds(
                new TypicalSpeedRepository(dataSource, settings.queryTimeout()), settings, registry);
        scheduler.scheduleWithFixedDelay(speeds::refresh, Instant.now(), settings.refreshInterval());
        return speeds;
    }
}
