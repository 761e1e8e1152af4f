package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripEvidence;
import io.tracking.trips.model.FixBuffer.Placement;
import io.tracking.trips.model.TripRules.Departure;
import io.tracking.trips.model.TripRules.Dwell;
import io.tracking.trips.model.TripState.LegHistory;
import io.tracking.trips.model.TripState.Phase;

/**
 * The trip of one order: its driver's fixes in, trip events and ETAs out. See the module README for the rules.
 *
 * <p>Phases only move forward ({@code TO_PICKUP → AT_PICKUP → TO_DROPOFF → FINISHED}, restarted only by a new
 * driver), and each transition is searched for as the earliest fix of the event-time-ordered track that satisfies
 * its rule, so events come in order, at most once per visit, and the same whether the fixes came in order or not.
 * An event once produced is never taken back: a late fix that would have changed it is a fact about the past.
 *
 * <p>Not thread-safe and not shared: the caller restores it from its {@link #state()}, gives it one input and
 * stores the new state with the step's output.
 */
public final class OrderTrip {

    /** How far beyond the grace window and the dwell the buffer keeps fixes. */
    private static final Duration RETENTION_MARGIN = Duration.ofSeconds(10);

    /** How far beyond the longest accuracy horizon (and the dwell) a leg keeps its predictions. */
    private static final Duration PREDICTION_MARGIN = EtaAccuracy.TOLERANCE.plusSeconds(30);

    private final String orderId;
    private final TripParameters defaults;
    private final Map<TripEventType, Integer> emitted = new EnumMap<>(TripEventType.class);
    private long version;
    private @Nullable OrderSnapshot order;
    private TripParameters parameters;
    private Phase phase;
    private Instant phaseSince;
    private @Nullable Instant approachedAt;
    private Instant approachArmedAt;
    private FixBuffer buffer;
    private @Nullable LegHistory leg;
    private @Nullable LegProgress progress;
    private @Nullable Instant lastEtaBasedOn;

    private OrderTrip(TripState state) {
        this.orderId = state.orderId();
        this.version = state.version();
        this.order = state.order();
        this.defaults = state.defaults();
        this.parameters = order == null ? defaults : defaults.withOverrides(order.tripParameters());
        this.phase = state.phase();
        this.phaseSince = state.phaseSince();
        this.approachedAt = state.approachedAt();
        this.approachArmedAt = state.approachArmedAt();
        this.emitted.putAll(state.emitted());
        this.buffer = new FixBuffer(state.fixes(), state.evictedThrough(), state.trackAnchor());
        this.leg = state.leg();
        this.progress = state.progress();
        this.lastEtaBasedOn = state.lastEtaBasedOn();
    }

    /**
     * A trip for the order of {@code order} with nothing applied yet: give it the same snapshot through
     * {@link #onOrder} next, which produces {@code DRIVER_ASSIGNED}.
     */
    public static OrderTrip open(OrderSnapshot order, TripParameters defaults) {
        return new OrderTrip(new TripState(order.orderId(), -1, null, defaults, Phase.NEW, Instant.EPOCH, null,
                Instant.EPOCH, Map.of(), List.of(), null, null, null, null, null));
    }

    /** The trip whose {@link #state()} was {@code state}. */
    public static OrderTrip restore(TripState state) {
        return new OrderTrip(state);
    }

    /** The whole state, to persist; {@link #restore} of it continues the same trip. */
    public TripState state() {
        return new TripState(orderId, version, order, defaults, phase, phaseSince, approachedAt, approachArmedAt,
                emitted, buffer.fixes(), buffer.evictedThrough(), buffer.trackAnchor(), leg, progress, lastEtaBasedOn);
    }

    /**
     * Applies a snapshot of the order unless its version is not above the last applied one. The first snapshot
     * produces {@code DRIVER_ASSIGNED}; one with another driver {@code DRIVER_CHANGED}, and the trip restarts for
     * the new driver; {@code PICKED_UP} moves a trip still heading to the pickup on to the drop-off; a final status
     * finishes the trip.
     *
     * @param now the wall clock, for {@code detectedAt}
     */
    public Step onOrder(OrderSnapshot order, Instant now) {
        if (!order.orderId().equals(orderId)) {
            throw new IllegalArgumentException("snapshot of another order");
        }
        if (order.version() <= version || phase == Phase.FINISHED) {
            return Step.nothing();
        }
        OrderSnapshot previous = this.order;
        this.order = order;
        this.version = order.version();
        this.parameters = defaults.withOverrides(order.tripParameters());
        Output out = new Output(now);
        if (order.terminal()) {
            phase = Phase.FINISHED;
        } else if (previous == null || !previous.driverId().equals(order.driverId())) {
            emit(previous == null ? TripEventType.DRIVER_ASSIGNED : TripEventType.DRIVER_CHANGED,
                    order.driverAssignedAt(), TripEvidence.none(), out);
            buffer = FixBuffer.empty();
            startPhase(OrderSnapshot.PICKED_UP.equals(order.status()) ? Phase.TO_DROPOFF : Phase.TO_PICKUP,
                    order.driverAssignedAt());
        } else if (OrderSnapshot.PICKED_UP.equals(order.status()) && phase == Phase.TO_PICKUP) {
            startPhase(Phase.TO_DROPOFF, latest(phaseSince, order.updatedAt()));
        }
        return out.step();
    }

    /**
     * Places a fix of the order's current driver by its recordedAt and applies the rules; fixes of other drivers
     * change nothing. A fix later than the grace window is counted in {@link Step#latePings()}, a repeated one in
     * {@link Step#duplicatePings()}.
     *
     * @param now the wall clock, for {@code detectedAt} and {@code computedAt}
     * @param eta the ETA model
     */
    public Step onFix(Fix fix, Instant now, EtaEstimator eta) {
        if (order == null || phase == Phase.FINISHED || !fix.driverId().equals(order.driverId())) {
            return Step.nothing();
        }
        Placement placement = buffer.placement(fix, parameters.grace());
        if (placement != Placement.PLACED) {
            return new Step(List.of(), null, placement == Placement.LATE ? 1 : 0,
                    placement == Placement.DUPLICATE ? 1 : 0, List.of(), List.of());
        }
        Fix previousNewest = buffer.newest();
        boolean newest = previousNewest == null || fix.recordedAt().isAfter(previousNewest.recordedAt());
        buffer.add(fix);
        List<Fix> track = buffer.track(parameters);
        Output out = new Output(now);
        evaluate(track, eta, out);
        if (newest && track.contains(fix)) {
            predict(fix, etas(track, eta), out);
        }
        keepProgress(buffer.evict(max(parameters.grace(), parameters.dwell()).plus(RETENTION_MARGIN), track));
        return out.step();
    }

    /**
     * Lets stream time (the newest recordedAt the caller's partition has seen, all drivers together) complete a
     * dwell: an arrival is decided as soon as event time shows the dwell satisfied, not one fix later. The driver's
     * last fix must be inside and at most the timer tolerance short of the dwell, and the dwell must not look like
     * a drive-by; the arrival's event time is then the end of the dwell. Call it when stream time reaches
     * {@link #arrivalDueAt()}.
     *
     * @param now the wall clock, for {@code detectedAt}
     * @param eta the ETA model, for the evidence
     */
    public Step onStreamTime(Instant streamTime, Instant now, EtaEstimator eta) {
        Dwell dwell = timedDwell();
        if (dwell == null) {
            return Step.nothing();
        }
        Instant due = rules(legStop()).dwellEnd(dwell);
        if (streamTime.isBefore(due)) {
            return Step.nothing();
        }
        Output out = new Output(now);
        arrive(dwell, due, etas(buffer.track(parameters), eta), out);
        return out.step();
    }

    /**
     * The event time from which stream time completes a pending arrival ({@link #onStreamTime}), or null if none
     * is pending: the caller may keep trips in a timer index by it rather than punctuate every trip.
     */
    public @Nullable Instant arrivalDueAt() {
        Dwell dwell = timedDwell();
        return dwell == null ? null : rules(legStop()).dwellEnd(dwell);
    }

    /** Whether nothing more can happen: the caller may delete the state. */
    public boolean finished() {
        return phase == Phase.FINISHED;
    }

    /**
     * The dwell going on now that stream time may complete: the driver's last fix is inside, at most the timer
     * tolerance short of the dwell's end, and the dwell does not look like a drive-by.
     */
    private @Nullable Dwell timedDwell() {
        if (phase != Phase.TO_PICKUP && phase != Phase.TO_DROPOFF) {
            return null;
        }
        TripRules rules = rules(legStop());
        Dwell pending = rules.pendingDwell(buffer.track(parameters), phaseSince);
        return pending != null && rules.completesByTimer(pending) ? pending : null;
    }

    /** Applies every transition the track now shows, earliest first. */
    private void evaluate(List<Fix> track, EtaEstimator eta, Output out) {
        while (phase == Phase.TO_PICKUP || phase == Phase.AT_PICKUP || phase == Phase.TO_DROPOFF) {
            TripRules rules = rules(legStop());
            TrackEtas etas = etas(track, eta);
            if (phase == Phase.AT_PICKUP) {
                Departure departure = rules.departure(track, phaseSince);
                if (departure == null) {
                    return;
                }
                leave(departure, etas, out);
                continue;
            }
            Fix approach = approachedAt == null ? rules.approach(track, approachArmedAt, etas) : null;
            Fix rearm = approachedAt == null ? null : rules.rearm(track, approachedAt, etas);
            Dwell arrival = rules.arrival(track, phaseSince);
            Instant arrivalAt = arrival == null ? null : rules.dwellEnd(arrival);
            if (approach != null && (arrivalAt == null || !arrivalAt.isBefore(approach.recordedAt()))) {
                approach(approach, etas, out);
            } else if (arrival != null && (rearm == null || !rearm.recordedAt().isBefore(arrivalAt))) {
                arrive(arrival, arrivalAt, etas, out);
            } else if (rearm != null) {
                approachedAt = null;
                approachArmedAt = rearm.recordedAt();
            } else {
                return;
            }
        }
    }

    private void approach(Fix fix, TrackEtas etas, Output out) {
        Stop stop = legStop();
        emit(stop == Stop.PICKUP ? TripEventType.APPROACHING_PICKUP : TripEventType.APPROACHING_DROPOFF,
                fix.recordedAt(), evidence(List.of(fix), fix, stop, null, etas.from(fix, point(stop))), out);
        approachedAt = fix.recordedAt();
    }

    /** The driver arrived with {@code dwell}, at event time {@code at}: the dwell's end. */
    private void arrive(Dwell dwell, Instant at, TrackEtas etas, Output out) {
        Stop stop = legStop();
        Instant entered = dwell.enteredAt();
        // how long the evidence shows the driver inside: to the deciding fix, or to the dwell's end stream time showed
        double dwellSeconds = Duration.between(entered, latest(at, dwell.decided().recordedAt())).toMillis() / 1000.0;
        emit(stop == Stop.PICKUP ? TripEventType.ARRIVED_AT_PICKUP : TripEventType.ARRIVED_AT_DROPOFF, at,
                evidence(List.of(dwell.entered(), dwell.decided()), dwell.decided(), stop, dwellSeconds,
                        etas.from(dwell.decided(), point(stop))),
                out);
        if (leg != null && leg.stop() == stop) {
            out.accuracy.addAll(leg.accuracyAt(entered));
            out.legs.add(leg.observationAt(entered));
        }
        if (stop == Stop.PICKUP) {
            startPhase(Phase.AT_PICKUP, at);
        } else {
            phase = Phase.FINISHED;
        }
    }

    private void leave(Departure departure, TrackEtas etas, Output out) {
        Instant at = departure.first().recordedAt();
        emit(TripEventType.LEFT_PICKUP, at, evidence(List.of(departure.first(), departure.confirmed()),
                departure.first(), Stop.PICKUP, null, etas.from(departure.first(), point(Stop.DROPOFF))), out);
        startPhase(Phase.TO_DROPOFF, at);
    }

    /** Keeps the prediction for the ETA accuracy and publishes the ETA when one is due. */
    private void predict(Fix fix, TrackEtas etas, Output out) {
        if (!enRoute() || fix.recordedAt().isBefore(phaseSince)) {
            return;
        }
        Stop target = legStop();
        EtaEstimate estimate = etas.from(fix, point(target));
        Duration keep = EtaAccuracy.HORIZONS.get(0).plus(parameters.dwell()).plus(PREDICTION_MARGIN);
        leg = leg == null || leg.stop() != target
                ? LegHistory.startingAt(target, fix, estimate)
                : leg.with(fix, estimate, keep);
        if (lastEtaBasedOn == null || !fix.recordedAt().isBefore(lastEtaBasedOn.plus(parameters.etaInterval()))) {
            long seconds = Math.round(estimate.seconds());
            out.eta = new EtaUpdate(orderId, fix.driverId(), target, seconds, fix.recordedAt().plusSeconds(seconds),
                    out.now, fix.recordedAt(), estimate.distanceMeters());
            lastEtaBasedOn = fix.recordedAt();
        }
    }

    private void startPhase(Phase next, Instant since) {
        phase = next;
        phaseSince = since;
        approachedAt = null;
        approachArmedAt = since;
        leg = null;
        progress = null;
        lastEtaBasedOn = null;
    }

    private void emit(TripEventType type, Instant at, TripEvidence evidence, Output out) {
        int n = emitted.merge(type, 1, Integer::sum);
        out.events.add(new TripEvent(TripEvent.eventId(orderId, type, n), orderId, currentOrder().driverId(), type,
                type.stop(), at, out.now, evidence));
    }

    /**
     * The evidence of an event at {@code stop} decided by {@code pings}: the distance to the stop and the accuracy
     * of {@code measured}, the fix that places the event, and {@code eta}, the ETA to the stop the driver heads for
     * then.
     */
    private TripEvidence evidence(List<Fix> pings, Fix measured, Stop stop, @Nullable Double dwellSeconds,
            EtaEstimate eta) {
        return new TripEvidence(pings.stream().map(Fix::ref).distinct().toList(), measured.distanceTo(point(stop)),
                measured.accuracyMeters(), dwellSeconds, (double) Math.round(eta.seconds()));
    }

    /**
     * Folds the believable fixes the buffer let go of into the driver's progress on the leg: they are final, and
     * the ETA measures the progress through the buffered fixes from where they end (see {@link TrackEtas}).
     */
    private void keepProgress(List<Fix> evicted) {
        TrackEtas.Leg current = currentLeg();
        if (current == null) {
            return;
        }
        for (Fix fix : evicted) {
            progress = TrackEtas.fold(progress, current, fix);
        }
    }

    /** ETAs over {@code track} as the trip stands now: on a leg, with the driver's progress on it. */
    private TrackEtas etas(List<Fix> track, EtaEstimator eta) {
        return new TrackEtas(track, eta, currentLeg());
    }

    /** The leg the driver is on, if heading for a stop. */
    private TrackEtas.@Nullable Leg currentLeg() {
        return enRoute() ? new TrackEtas.Leg(point(legStop()), phaseSince, progress) : null;
    }

    private boolean enRoute() {
        return phase == Phase.TO_PICKUP || phase == Phase.TO_DROPOFF;
    }

    /** The stop the current phase is about. */
    private Stop legStop() {
        return phase == Phase.TO_DROPOFF ? Stop.DROPOFF : Stop.PICKUP;
    }

    private TripRules rules(Stop stop) {
        return new TripRules(parameters, point(stop));
    }

    private GeoPoint point(Stop stop) {
        return stop == Stop.PICKUP ? currentOrder().pickup() : currentOrder().dropoff();
    }

    private OrderSnapshot currentOrder() {
        if (order == null) {
            throw new IllegalStateException("no order snapshot applied yet");
        }
        return order;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** What one input produced, collected as the trip applies it. */
    private static final class Output {

        private final Instant now;
        private final List<TripEvent> events = new ArrayList<>();
        private final List<EtaAccuracy> accuracy = new ArrayList<>();
        private final List<LegObservation> legs = new ArrayList<>();
        private @Nullable EtaUpdate eta;

        Output(Instant now) {
            this.now = now;
        }

        Step step() {
            return events.isEmpty() && eta == null && accuracy.isEmpty() && legs.isEmpty()
                    ? Step.nothing()
                    : new Step(events, eta, 0, 0, accuracy, legs);
        }
    }
}
