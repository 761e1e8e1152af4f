package io.tracking.simulator.trips;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.PingRef;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripEvidence;
import io.tracking.simulator.trips.PingReplay.PingKey;

class TripEvaluationTests {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    private static final TripTruth A = new TripTruth("o-a", "d-a", T0.plusSeconds(600), T0.plusSeconds(900),
            T0.plusSeconds(1_500), List.of());
    private static final TripTruth B = new TripTruth("o-b", "d-b", T0.plusSeconds(700), T0.plusSeconds(1_000),
            T0.plusSeconds(1_800), List.of(new TripTruth.DriveBy(Stop.PICKUP, T0.plusSeconds(600), 15, 11)));

    private final Map<PingKey, Long> sentAt = new HashMap<>();

    @Test
    void shouldFindNothingWrongWhenEveryArrivalCameOnceAfterTheTruth() {
        List<TripEvent> events = new ArrayList<>(delivery(A, 20, 21));
        events.addAll(delivery(B, 22, 30));

        TripReport report = evaluate(List.of(A, B), events, true);

        assertThat(report.trueArrivals()).isEqualTo(4);
        assertThat(report.detectedArrivals()).isEqualTo(4);
        assertThat(report.missedArrivals()).isZero();
        assertThat(report.falseArrivals()).isZero();
        assertThat(report.repeatedEvents()).isZero();
        assertThat(report.driveBys()).isEqualTo(1);
        assertThat(report.detectionDelaySeconds().count()).isEqualTo(4);
        assertThat(report.detectionDelaySeconds().p50()).isEqualTo(21.0);
        assertThat(report.detectionDelaySeconds().max()).isEqualTo(30.0);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void shouldCountAMissingArrivalAsMissed() {
        List<TripEvent> events = new ArrayList<>(delivery(A, 20, 20));
        events.removeIf(event -> event.type() == TripEventType.ARRIVED_AT_DROPOFF);

        TripReport report = evaluate(List.of(A), events, false);

        assertThat(report.missedArrivals()).isEqualTo(1);
        assertThat(report.detectedArrivals()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void shouldCountAnArrivalAtTheDriveByAsFalseAndTheRealOneAsItsRepeat() {
        List<TripEvent> events = new ArrayList<>(delivery(B, 20, 20));
        // decided 20 s after the drive-by, long before the driver came back
        events.add(1, arrival(B, Stop.PICKUP, 1, B.driveBys().get(0).at().plusSeconds(20)));
        events.replaceAll(event -> event.type() == TripEventType.ARRIVED_AT_PICKUP && event.at().equals(
                B.pickupArrival().plusSeconds(20)) ? arrival(B, Stop.PICKUP, 2, event.at()) : event);

        TripReport report = evaluate(List.of(B), events, true);

        assertThat(report.falseArrivals()).isEqualTo(1);
        assertThat(report.repeatedEvents()).isEqualTo(1);
        assertThat(report.detectedArrivals()).isEqualTo(2);
        assertThat(report.missedArrivals()).isZero();
    }

    @Test
    void shouldCountAnEventReadTwiceAsRepeatedButNotAsFalse() {
        List<TripEvent> events = new ArrayList<>(delivery(A, 20, 20));
        events.add(events.get(2));

        TripReport report = evaluate(List.of(A), events, true);

        assertThat(report.repeatedEvents()).isEqualTo(1);
        assertThat(report.falseArrivals()).isZero();
        assertThat(report.events()).isEqualTo(6);
    }

    @Test
    void shouldCountAnArrivalOfAnOrderWithoutTruthAsFalse() {
        List<TripEvent> events = new ArrayList<>(delivery(A, 20, 20));
        TripTruth unknown = new TripTruth("o-x", "d-x", T0, T0, T0, List.of());
        events.add(arrival(unknown, Stop.DROPOFF, 1, T0.plusSeconds(60)));

        assertThat(evaluate(List.of(A), events, true).falseArrivals()).isEqualTo(1);
    }

    @Test
    void shouldMeasureTheEtaNearestToEachHorizonWithinThirtySeconds() {
        Instant arrival = A.pickupArrival();
        List<EtaUpdate> etas = List.of(
                eta(A, Stop.PICKUP, arrival.minusSeconds(610), arrival.plusSeconds(60)),
                eta(A, Stop.PICKUP, arrival.minusSeconds(560), arrival.plusSeconds(500)),
                eta(A, Stop.PICKUP, arrival.minusSeconds(300), arrival.minusSeconds(30)),
                // 40 s from the 2-minute horizon: too far to stand for it
                eta(A, Stop.PICKUP, arrival.minusSeconds(80), arrival));

        TripReport report = TripEvaluation.evaluate(List.of(A), delivery(A, 20, 20), etas, replay(), true);

        assertThat(report.etaErrors()).containsExactly(new TripReport.EtaError(10, 1, 60.0),
                new TripReport.EtaError(5, 1, 30.0), new TripReport.EtaError(2, 0, 0.0));
    }

    @Test
    void shouldMeasureThePipelineOnlyForEventsAPingDecided() {
        List<TripEvent> events = delivery(A, 20, 20);
        TripEvent approach = events.get(1);
        PingRef decisive = approach.evidence().pings().get(0);
        sentAt.put(new PingKey(decisive.driverId(), decisive.recordedAt()),
                approach.detectedAt().toEpochMilli() - 350);

        TripReport report = evaluate(List.of(A), events, true);

        // the arrivals were completed by the timer (at = the dwell's end): no ping of theirs decided them
        assertThat(report.pipelineLatencyMs().count()).isEqualTo(1);
        assertThat(report.pipelineLatencyMs().p50()).isEqualTo(350.0);
    }

    private TripReport evaluate(List<TripTruth> truths, List<TripEvent> events, boolean complete) {
        return TripEvaluation.evaluate(truths, events, List.of(), replay(), complete);
    }

    private PingReplay.Result replay() {
        return new PingReplay.Result(1_000, 0, 10_000, 50, sentAt);
    }

    /** The six events of a delivery, the arrivals {@code pickupDelay} and {@code dropoffDelay} s after the truth. */
    private static List<TripEvent> delivery(TripTruth truth, int pickupDelay, int dropoffDelay) {
        Instant approached = truth.pickupArrival().minusSeconds(60);
        return List.of(
                event(truth, TripEventType.DRIVER_ASSIGNED, 1, T0, TripEvidence.none()),
                event(truth, TripEventType.APPROACHING_PICKUP, 1, approached, evidence(truth, approached)),
                arrival(truth, Stop.PICKUP, 1, truth.pickupArrival().plusSeconds(pickupDelay)),
                event(truth, TripEventType.LEFT_PICKUP, 1, truth.pickupDeparture().plusSeconds(10),
                        evidence(truth, truth.pickupDeparture().plusSeconds(10))),
                event(truth, TripEventType.APPROACHING_DROPOFF, 1, truth.dropoffArrival().minusSeconds(60),
                        evidence(truth, truth.dropoffArrival().minusSeconds(60))),
                arrival(truth, Stop.DROPOFF, 1, truth.dropoffArrival().plusSeconds(dropoffDelay)));
    }

    /** An arrival completed by the timer: its evidence ends with a fix before the dwell's end. */
    private static TripEvent arrival(TripTruth truth, Stop stop, int n, Instant at) {
        TripEventType type = stop == Stop.PICKUP ? TripEventType.ARRIVED_AT_PICKUP : TripEventType.ARRIVED_AT_DROPOFF;
        TripEvidence evidence = new TripEvidence(List.of(new PingRef(truth.driverId(), at.minusSeconds(20), 0, 1),
                new PingRef(truth.driverId(), at.minusSeconds(2), 0, 2)), 10.0, 8.0, 20.0, 0.0);
        return event(truth, type, n, at, evidence);
    }

    private static TripEvidence evidence(TripTruth truth, Instant recordedAt) {
        return new TripEvidence(List.of(new PingRef(truth.driverId(), recordedAt, 0, 3)), 400.0, 8.0, null, 90.0);
    }

    private static TripEvent event(TripTruth truth, TripEventType type, int n, Instant at, TripEvidence evidence) {
        return new TripEvent(TripEvent.eventId(truth.orderId(), type, n), truth.orderId(), truth.driverId(), type,
                type.stop(), at, at.plusSeconds(1), evidence);
    }

    private static EtaUpdate eta(TripTruth truth, Stop stop, Instant basedOn, Instant predicted) {
        return new EtaUpdate(truth.orderId(), truth.driverId(), stop, predicted.getEpochSecond()
                - basedOn.getEpochSecond(), predicted, basedOn, basedOn, 1_000);
    }
}
