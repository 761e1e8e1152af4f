package io.tracking.query.location;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every meter of the latest-position cache, {@code tracking.query.latest.cache.*}, registered in one place whether
 * the cache is enabled or not: dashboards depend on these names and tags, so they change only on purpose.
 */
final class LatestCacheMetrics {

    final Counter hits;
    final Counter misses;
    final Counter bypasses;
    final Counter refreshed;
    final Counter positionFailures;
    final Counter rereadFailures;

    LatestCacheMetrics(MeterRegistry meters, WriterProgress progress, CachedPositions entries) {
        String lookups = "tracking.query.latest.cache.lookups";
        this.hits = Counter.builder(lookups).tag("outcome", "hit")
                .description("Latest-position reads answered from memory").register(meters);
        this.misses = Counter.builder(lookups).tag("outcome", "miss")
                .description("Latest-position reads that went to the database and may be kept").register(meters);
        this.bypasses = Counter.builder(lookups).tag("outcome", "bypass")
                .description("Latest-position reads that went to the database because the cache is not serving")
                .register(meters);
        this.refreshed = Counter.builder("tracking.query.latest.cache.refreshed")
                .description("Cached positions re-read after the writer stored a newer ping").register(meters);
        String failures = "tracking.query.latest.cache.refresh.failures";
        this.positionFailures = Counter.builder(failures).tag("step", "positions")
                .description("Failed reads of the refresher").register(meters);
        this.rereadFailures = Counter.builder(failures).tag("step", "reread")
                .description("Failed reads of the refresher").register(meters);
        Gauge.builder("tracking.query.latest.cache.entries", entries, CachedPositions::size)
                .description("Latest positions held in memory").register(meters);
        Gauge.builder("tracking.query.latest.cache.ready", progress, writer -> writer.isServing() ? 1 : 0)
                .description("1 while cached positions are served, 0 while every read goes to the database")
                .register(meters);
        for (LatestCacheState state : LatestCacheState.values()) {
            Gauge.builder("tracking.query.latest.cache.state", progress,
                            writer -> writer.state(System.nanoTime()) == state ? 1 : 0)
                    .tag("state", state.tag)
                    .description("1 for the cache's current state: serving, or the first reason it is not")
                    .register(meters);
        }
        Gauge.builder("tracking.query.latest.cache.positions.age", progress, WriterProgress::positionsAgeSeconds)
                .baseUnit("seconds")
                .description("Since the last successful read of the writer's positions was sent (NaN: none yet)")
                .register(meters);
    }
}
