package io.tracking.query.live;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.QueryProperties;

/**
 * Fans live positions out to subscribers by driver id, in memory. Positions of drivers nobody watches are dropped
 * at the cost of one map lookup; a watched driver's channel keeps a small ring of recent positions and outlives
 * its last watcher by {@code ring-retention}, so that a client reconnecting with {@code Last-Event-ID} also gets
 * the positions the batch writer has not flushed yet.
 */
@Component
class LiveLocationHub implements LiveLocationListener {

    private final Map<String, DriverChannel> channels = new ConcurrentHashMap<>();
    private final int ringSize;
    private final Duration retention;
    private final Clock clock;

    LiveLocationHub(QueryProperties properties, Clock clock) {
        this.ringSize = properties.live().ringSize();
        this.retention = properties.live().ringRetention();
        this.clock = clock;
    }

    @Override
    public boolean watches(String driverId) {
        return channels.containsKey(driverId);
    }

    @Override
    public void onLocation(LocationUpdate update) {
        DriverChannel channel = channels.get(update.driverId());
        if (channel != null) {
            channel.publish(update);
        }
    }

    /**
     * Subscribes to a driver's positions; returns the recent positions seen before, in arrival order. Every
     * position read after the returned snapshot reaches {@code subscriber}.
     */
    List<LocationUpdate> subscribe(String driverId, LiveSubscriber subscriber) {
        while (true) {
            DriverChannel channel = channels.computeIfAbsent(driverId, id -> new DriverChannel(ringSize, clock.instant()));
            List<LocationUpdate> snapshot = channel.attach(subscriber);
            if (snapshot != null) {
                return snapshot;
            }
            // lost a race with the sweeper: that channel is gone, take a fresh one
            channels.remove(driverId, channel);
        }
    }

    void unsubscribe(String driverId, LiveSubscriber subscriber) {
        DriverChannel channel = channels.get(driverId);
        if (channel != null) {
            channel.detach(subscriber, clock.instant());
        }
    }

    /** Drops channels nobody has watched for {@code ring-retention}. */
    void sweep() {
        var idleBefore = clock.instant().minus(retention);
        channels.entrySet().removeIf(entry -> entry.getValue().retireIfIdleSince(idleBefore));
    }

    int watchedDrivers() {
        return channels.size();
    }
}
