package io.tracking.query.trip;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code tripLoops}: part of liveness. DOWN only when the trip store's or the trip feed's loop cannot keep running in
 * this process (see {@link io.tracking.query.system.LoopSupervisor}), which a restart may cure; a broker or database
 * outage is not this, both loops wait and retry.
 */
@Component
class TripLoopsHealthIndicator implements HealthIndicator {

    private final TripStoreConsumer store;
    private final TripEventFeed feed;

    TripLoopsHealthIndicator(TripStoreConsumer store, TripEventFeed feed) {
        this.store = store;
        this.feed = feed;
    }

    @Override
    public Health health() {
        return (store.isBroken() || feed.isBroken() ? Health.down() : Health.up())
                .withDetails(Map.of("store", store.loopDetails(), "feed", feed.loopDetails())).build();
    }
}
