package io.tracking.query.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.Stop;
import io.tracking.query.QueryProperties;
import io.tracking.query.trip.TripEventView;
import io.tracking.query.trip.TripRepository;

/**
 * What the tracking response shows of an order's trip: its stored trip events, and its ETA while that still holds.
 * An ETA is not shown when it was computed more than {@code trips.eta-max-age} ago (the driver stopped sending
 * fixes, or the trip-event service is behind), when it concerns another driver than the order's (a reassignment it
 * has not caught up with), or when it is for the pickup of an order already picked up.
 */
@Component
class OrderTrips {

    /** The trip part of a tracking response. */
    record Trip(@Nullable EtaView eta, List<TripEventView> events) {
    }

    private final TripRepository trips;
    private final Duration etaMaxAge;
    private final int maxEvents;

    OrderTrips(TripRepository trips, QueryProperties properties) {
        this.trips = trips;
        this.etaMaxAge = properties.trips().etaMaxAge();
        this.maxEvents = properties.trips().maxEvents();
    }

    Trip of(Order order, Instant now) {
        List<TripEventView> events = trips.events(order.orderId(), maxEvents).stream().map(TripEventView::of).toList();
        EtaView eta = trips.eta(order.orderId()).filter(update -> holds(update, order, now))
                .map(update -> new EtaView(update.stop(), secondsUntil(update.at(), now), update.at()))
                .orElse(null);
        return new Trip(eta, events);
    }

    private boolean holds(EtaUpdate eta, Order order, Instant now) {
        return eta.driverId().equals(order.driverId()) && !eta.computedAt().isBefore(now.minus(etaMaxAge))
                && !(eta.stop() == Stop.PICKUP && order.status() == OrderStatus.PICKED_UP);
    }

    /** Whole seconds from {@code now} to {@code at}, rounded up, never negative (a late driver is "due now"). */
    private static long secondsUntil(Instant at, Instant now) {
        Duration left = Duration.between(now, at);
        if (left.isNegative()) {
            return 0;
        }
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    }
}
