package io.tracking.query.live;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code liveFeed}: part of readiness, since without the reader no live stream gets positions. DOWN while the
 * brokers do not answer or the reader restarts: that is no reason to restart the process ({@link
 * LiveFeedLoopHealthIndicator} is).
 */
@Component
class LiveFeedHealthIndicator implements HealthIndicator {

    private final LiveFeedConsumer consumer;

    LiveFeedHealthIndicator(LiveFeedConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        return (consumer.isHealthy() ? Health.up() : Health.down()).withDetails(consumer.details()).build();
    }
}
