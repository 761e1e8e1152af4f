package io.tracking.query.live;

import java.time.Duration;

import io.tracking.query.QueryProperties;

/** The service's default settings with a ring of 64 and one sender thread, for tests of the live classes. */
final class LiveTestProperties {

    private LiveTestProperties() {
    }

    static QueryProperties defaults() {
        return new QueryProperties(500,
                new QueryProperties.Track(Duration.ofHours(24), 1000, 10000),
                new QueryProperties.Nearby(Duration.ofMinutes(2), 5000, 50000, 20, 100),
                new QueryProperties.Live("topic", 2, 4, 8, Duration.ofSeconds(15), Duration.ofSeconds(2),
                        Duration.ofMinutes(30), Duration.ofSeconds(3), 64, Duration.ofMinutes(2),
                        Duration.ofMinutes(15), 2000, 256, 1, Duration.ofMillis(100), Duration.ofSeconds(10),
                        Duration.ofDays(1)),
                new QueryProperties.Concurrency(0, Duration.ofSeconds(2)),
                new QueryProperties.LatestCache(true, "location-batch-writer", Duration.ofMillis(100), 500_000,
                        2_000_000, Duration.ofMinutes(10), Duration.ofSeconds(5)),
                new QueryProperties.Pipeline(true, Duration.ofSeconds(5)),
                new QueryProperties.Outbox(true, "orders", Duration.ofMillis(100), 500, Duration.ofSeconds(10)),
                new QueryProperties.Trips(true, "tracking-query-trip-store", "order-trip-events", "order-etas", true,
                        Duration.ofMillis(100), Duration.ofMinutes(2), 200));
    }
}
