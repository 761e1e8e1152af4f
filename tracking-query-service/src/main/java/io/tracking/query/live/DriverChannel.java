package io.tracking.query.live;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdate;

/**
 * One watched driver: its subscribers and a ring of its latest positions. All methods hold the channel's lock, so
 * a new subscriber's ring snapshot and the live positions it gets afterwards neither overlap nor leave a gap.
 */
final class DriverChannel {

    private final int ringSize;
    private final ArrayDeque<LocationUpdate> ring;
    private final List<LiveSubscriber> subscribers = new ArrayList<>(2);
    private Instant idleSince;
    private boolean retired;

    DriverChannel(int ringSize, Instant now) {
        this.ringSize = ringSize;
        this.ring = new ArrayDeque<>(Math.min(ringSize, 16));
        this.idleSince = now;
    }

    synchronized void publish(LocationUpdate update) {
        if (ring.size() == ringSize) {
            ring.removeFirst();
        }
        ring.addLast(update);
        for (LiveSubscriber subscriber : subscribers) {
            subscriber.onLocation(update);
        }
    }

    /** Adds the subscriber and returns the ring as it was; empty-handed if the channel was retired meanwhile. */
    synchronized @Nullable List<LocationUpdate> attach(LiveSubscriber subscriber) {
        if (retired) {
            return null;
        }
        subscribers.add(subscriber);
        return List.copyOf(ring);
    }

    synchronized void detach(LiveSubscriber subscriber, Instant now) {
        if (subscribers.remove(subscriber) && subscribers.isEmpty()) {
            idleSince = now;
        }
    }

    /** Retires the channel if nobody watched it since {@code idleBefore}; whether it did. */
    synchronized boolean retireIfIdleSince(Instant idleBefore) {
        if (subscribers.isEmpty() && idleSince.isBefore(idleBefore)) {
            retired = true;
        }
        return retired;
    }
}
