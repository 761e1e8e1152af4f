package io.tracking.trips.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.trips.model.EtaEstimator;
import io.tracking.trips.model.Fix;
import io.tracking.trips.model.OrderTrip;
import io.tracking.trips.model.Step;
import io.tracking.trips.model.TripParameters;

/**
 * Runs one order's trip over its driver's stored fixes, as the stream would have: the fixes in the order the
 * service received them, and stream time standing in for the punctuation — a pending arrival completes as soon as
 * the fixes (or the end of the replay) pass its due time, the earliest a punctuation could have. Only the order's
 * current driver is known to the database, so the replay starts the trip as assigned to that driver.
 */
final class TripReplay {

    private final EtaEstimator eta;
    private final Clock clock;

    TripReplay(EtaEstimator eta, Clock clock) {
        this.eta = eta;
        this.clock = clock;
    }

    /** The events {@code parameters} derive for {@code order} from {@code fixes}, up to {@code end}. */
    List<TripEvent> derive(OrderSnapshot order, TripParameters parameters, List<Fix> fixes, Instant end) {
        Instant now = clock.instant();
        OrderSnapshot assigned = new OrderSnapshot(order.orderId(), 1, order.driverId(), OrderSnapshot.ASSIGNED,
                order.pickup(), order.dropoff(), order.driverAssignedAt(), order.driverAssignedAt(), null);
        OrderTrip trip = OrderTrip.open(assigned, parameters);
        List<TripEvent> events = new ArrayList<>(trip.onOrder(assigned, now).events());
        Instant streamTime = Instant.MIN;
        for (Fix fix : fixes) {
            if (trip.finished()) {
                break;
            }
            if (fix.recordedAt().isAfter(streamTime)) {
                streamTime = fix.recordedAt();
                completeDueArrival(trip, streamTime, now, events);
            }
            events.addAll(trip.onFix(fix, now, eta).events());
        }
        if (!trip.finished()) {
            completeDueArrival(trip, end, now, events);
        }
        if (!trip.finished() && order.terminal()) {
            OrderSnapshot closed = new OrderSnapshot(order.orderId(), 2, order.driverId(), order.status(),
                    order.pickup(), order.dropoff(), order.driverAssignedAt(), order.updatedAt(), null);
            events.addAll(trip.onOrder(closed, now).events());
        }
        return events;
    }

    /** Completes a pending arrival whose due time stream time has passed, as the punctuation would. */
    private void completeDueArrival(OrderTrip trip, Instant streamTime, Instant now, List<TripEvent> events) {
        Instant due = trip.arrivalDueAt();
        if (due != null && !due.isAfter(streamTime)) {
            Step step = trip.onStreamTime(due, now, eta);
            events.addAll(step.events());
        }
    }
}
