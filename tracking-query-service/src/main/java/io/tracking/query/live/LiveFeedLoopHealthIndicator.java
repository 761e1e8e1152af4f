package io.tracking.query.live;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code liveFeedLoop}: part of liveness. DOWN only when the live reader cannot keep running in this process (its
 * thread ended, its loop failed again and again, or it stopped turning; see {@link io.tracking.query.system.LoopSupervisor}), which a
 * restart of the process may cure. Kafka being unreachable is a readiness matter ({@code liveFeed}), not this.
 */
@Component
class LiveFeedLoopHealthIndicator implements HealthIndicator {

    private final LiveFeedConsumer consumer;

    LiveFeedLoopHealthIndicator(LiveFeedConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        return (consumer.isBroken() ? Health.down() : Health.up()).withDetails(consumer.loopDetails()).build();
    }
}
