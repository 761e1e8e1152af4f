package io.tracking.query.location;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.query.QueryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How latest positions are read: callers ({@code DriverLocationController}, the order endpoints, the live streams)
 * get {@link LatestLocations}, which is {@link LatestLocationCache} in front of {@link LatestLocationRepository}
 * on the request pool. With {@code latest-cache.enabled=false} the cache stays in front but never serves (every
 * read is a counted bypass), nothing refreshes it, and the live reader does not report to it.
 */
@Configuration(proxyBeanMethods = false)
class LatestLocationConfiguration {

    @Bean
    LatestLocationCache latestLocations(JdbcClient jdbc, QueryProperties properties, WriterProgress progress,
            CachedPositions entries, LatestCacheMetrics metrics) {
        LatestLocations table = new LatestLocationRepository(jdbc, properties.live().topic());
        return new LatestLocationCache(table, progress, entries, metrics);
    }

    @Bean
    CachedPositions latestCacheEntries(QueryProperties properties) {
        return new CachedPositions(properties.latestCache().maxEntries());
    }

    /** Told of the live reader by {@code io.tracking.query.latestfeed}'s follower, only while the cache is enabled. */
    @Bean
    WriterProgress latestCacheWriterProgress(QueryProperties properties, CachedPositions entries) {
        return new WriterProgress(properties.latestCache(), entries);
    }

    @Bean
    LatestCacheMetrics latestCacheMetrics(MeterRegistry meters, WriterProgress progress, CachedPositions entries) {
        return new LatestCacheMetrics(meters, progress, entries);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "tracking.query.latest-cache.enabled", matchIfMissing = true)
    LatestCacheRefresher latestCacheRefresher(QueryProperties properties, RefreshConnection connection,
            WriterProgress progress, CachedPositions entries, LatestCacheMetrics metrics) {
        return new LatestCacheRefresher(properties.latestCache(), connection, progress, entries, metrics);
    }
}
