package io.tracking.trips.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;

/**
 * Drives an {@link OrderTrip} as the Streams service does and collects what it produced. With
 * {@link #busyPartition()}, stream time moves on every second between fixes, as it does on a partition shared with
 * many drivers, and the trip's arrival timer is fired whenever it is due.
 */
final class TripRun {

    /** The wall clock of every call: runs that should agree produce identical events, detectedAt included. */
    static final Instant NOW = Instant.parse("2026-12-07T19:00:00Z");

    private OrderTrip trip;
    private final EtaEstimator eta;
    private final List<TripEvent> events = new ArrayList<>();
    private final List<EtaUpdate> etas = new ArrayList<>();
    private final List<EtaAccuracy> accuracies = new ArrayList<>();
    private final List<LegObservation> legs = new ArrayList<>();
    private int latePings;
    private int duplicatePings;
    private boolean busyPartition;
    private @Nullable Instant streamTime;

    private TripRun(OrderTrip trip, EtaEstimator eta) {
        this.trip = trip;
        this.eta = eta;
    }

    static TripRun of(OrderSnapshot order) {
        return of(order, TripParameters.defaults(), EtaEstimator.withoutHistory());
    }

    static TripRun of(OrderSnapshot order, TripParameters parameters, EtaEstimator eta) {
        TripRun run = new TripRun(OrderTrip.open(order, parameters), eta);
        return run.order(order);
    }

    TripRun busyPartition() {
        busyPartition = true;
        return this;
    }

    TripRun order(OrderSnapshot order) {
        collect(trip.onOrder(order, NOW));
        return this;
    }

    TripRun fixes(List<Fix> fixes) {
        fixes.forEach(this::fix);
        return this;
    }

    TripRun fix(Fix fix) {
        if (busyPartition) {
            advanceStreamTime(fix.recordedAt());
        }
        collect(trip.onFix(fix, NOW, eta));
        return this;
    }

    /** Replaces the trip by one restored from its state, as after a restart of the service. */
    TripRun restart(UnaryOperator<TripState> storage) {
        trip = OrderTrip.restore(storage.apply(trip.state()));
        return this;
    }

    OrderTrip trip() {
        return trip;
    }

    List<TripEvent> events() {
        return events;
    }

    List<TripEventType> types() {
        return events.stream().map(TripEvent::type).toList();
    }

    TripEvent event(TripEventType type) {
        return events.stream().filter(event -> event.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError(type + " not among " + types()));
    }

    List<EtaUpdate> etas() {
        return etas;
    }

    List<EtaAccuracy> accuracies() {
        return accuracies;
    }

    List<LegObservation> legs() {
        return legs;
    }

    int latePings() {
        return latePings;
    }

    int duplicatePings() {
        return duplicatePings;
    }

    private void advanceStreamTime(Instant to) {
        Instant next = streamTime == null ? to : streamTime.plusSeconds(1);
        for (; !next.isAfter(to); next = next.plusSeconds(1)) {
            streamTime = next;
            Instant due = trip.arrivalDueAt();
            if (due != null && !streamTime.isBefore(due)) {
                collect(trip.onStreamTime(streamTime, NOW, eta));
            }
        }
        if (streamTime == null || to.isAfter(streamTime)) {
            streamTime = to;
        }
    }

    private void collect(Step step) {
        events.addAll(step.events());
        if (step.eta() != null) {
            etas.add(step.eta());
        }
        accuracies.addAll(step.etaAccuracy());
        legs.addAll(step.legs());
        latePings += step.latePings();
        duplicatePings += step.duplicatePings();
    }
}
