package io.tracking.query.outbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code orderOutbox}: part of liveness. DOWN only when the outbox relay cannot keep running in this process (its
 * thread ended, or a turn never ended; see {@link OrderOutboxRelay}), which a restart cures. A broker or database
 * outage is not this: the relay keeps turning and retrying, and {@code tracking.query.outbox.pending} grows.
 */
@Component
class OrderOutboxHealthIndicator implements HealthIndicator {

    private final OrderOutboxRelay relay;

    OrderOutboxHealthIndicator(OrderOutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        return (relay.isBroken() ? Health.down() : Health.up()).withDetails(relay.details()).build();
    }
}
