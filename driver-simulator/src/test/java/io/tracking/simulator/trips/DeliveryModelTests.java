package io.tracking.simulator.trips;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Ping;
import io.tracking.trips.model.EtaEstimator;
import io.tracking.trips.model.Fix;
import io.tracking.trips.model.OrderTrip;
import io.tracking.trips.model.Step;
import io.tracking.trips.model.TripParameters;

/**
 * The delivery mode's trips run straight through the trip engine's model, as the stream processor runs them but
 * without a broker: each fix in the order the phones send them, and stream time (the newest recordedAt seen)
 * completing pending arrivals at their due time as the processor's punctuation does. It judges the model against the
 * simulator's ground truth with the benchmark's own evaluation, so the detection figures of the {@code trips}
 * scenario can be reproduced, and tuned, in seconds; the engine's plumbing (exactly once, restarts) is tested
 * elsewhere.
 */
class DeliveryModelTests {

    private static final Instant ORIGIN = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void theModelDetectsEveryArrivalOnceWithinTheDwellAndAFewSeconds() {
        TripReport report = run(300, 17);

        System.out.println(report.toText());
        assertThat(report.missedArrivals()).as("missed arrivals").isZero();
        assertThat(report.falseArrivals()).as("false arrivals").isZero();
        assertThat(report.repeatedEvents()).as("repeated events").isZero();
        assertThat(report.detectionDelaySeconds().p99()).as("detection delay p99, dwell 20 s")
                .isLessThanOrEqualTo(23.0);
    }

    /**
     * The ETA's mean absolute error at each horizon, which the issue asks for. Measured on seeds 17 to 20: 102–112 s
     * ten minutes out, 63–67 s five minutes out, 41–45 s two minutes out, the detour factor learning from the legs as
     * they complete, as the service does (with ETAs from the speed of the last 30 s it was 398–481, 155–174 and
     * 61–65 s on seeds 17 and 18). The bounds leave a third of margin for other seeds: they fail when the speed model
     * falls back to judging a driver by the last seconds, not on noise.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17, 18})
    void theEtaIsWithinTwoAndAHalfMinutesTenMinutesBeforeTheArrival(long seed) {
        TripReport report = run(300, seed);

        assertThat(report.etaErrors()).extracting(TripReport.EtaError::minutesBefore).containsExactly(10, 5, 2);
        assertThat(report.etaErrors()).as("legs long enough for each horizon")
                .allMatch(error -> error.samples() >= 100);
        List<Double> mae = report.etaErrors().stream().map(TripReport.EtaError::meanAbsoluteErrorSeconds).toList();
        assertThat(mae.get(0)).as("ETA MAE 10 min out").isLessThan(150.0);
        assertThat(mae.get(1)).as("ETA MAE 5 min out").isLessThan(90.0);
        assertThat(mae.get(2)).as("ETA MAE 2 min out").isLessThan(60.0);
    }

    static TripReport run(int orderCount, long seed) {
        List<DeliveryOrder> orders = DeliveryPlanner.orders("model-", orderCount, CityArea.BENGALURU, seed);
        List<PlannedTrip> trips = DeliveryPlanner.trips(orders, ORIGIN, seed);
        EtaEstimator eta = EtaEstimator.withoutHistory();
        Map<String, OrderTrip> byDriver = new HashMap<>();
        List<TripEvent> events = new ArrayList<>();
        List<EtaUpdate> etas = new ArrayList<>();
        for (PlannedTrip trip : trips) {
            DeliveryOrder order = trip.order();
            OrderSnapshot snapshot = new OrderSnapshot(order.orderId(), 1, order.driverId(), OrderSnapshot.ASSIGNED,
                    order.pickup(), order.dropoff(), ORIGIN, ORIGIN, null);
            OrderTrip orderTrip = OrderTrip.open(snapshot, TripParameters.defaults());
            collect(orderTrip.onOrder(snapshot, ORIGIN), eta, events, etas);
            byDriver.put(order.driverId(), orderTrip);
        }
        List<PlannedPing> sent = trips.stream().flatMap(trip -> trip.pings().stream())
                .sorted(Comparator.comparing(PlannedPing::sendAt)).toList();
        Map<OrderTrip, Instant> timers = new HashMap<>();
        Instant streamTime = Instant.MIN;
        long offset = 0;
        for (PlannedPing planned : sent) {
            Ping ping = planned.ping();
            if (ping.recordedAt().isAfter(streamTime)) {
                streamTime = ping.recordedAt();
                Instant now = streamTime;
                List<OrderTrip> due = timers.entrySet().stream().filter(timer -> !timer.getValue().isAfter(now))
                        .map(Map.Entry::getKey).toList();
                for (OrderTrip trip : due) {
                    collect(trip.onStreamTime(streamTime, planned.sendAt(), eta), eta, events, etas);
                    updateTimer(trip, timers);
                }
            }
            Fix fix = new Fix(ping.driverId(), ping.latitude(), ping.longitude(), ping.recordedAt(),
                    ping.accuracyMeters(), ping.speedMps(), 0, offset++);
            OrderTrip trip = byDriver.get(ping.driverId());
            collect(trip.onFix(fix, planned.sendAt(), eta), eta, events, etas);
            updateTimer(trip, timers);
        }
        long first = sent.get(0).sendAt().toEpochMilli();
        long last = sent.get(sent.size() - 1).sendAt().toEpochMilli();
        PingReplay.Result replay = new PingReplay.Result(sent.size(), first, last, 1.0, Map.of());
        return TripEvaluation.evaluate(trips.stream().map(PlannedTrip::truth).toList(), events, etas, replay, true);
    }

    private static void updateTimer(OrderTrip trip, Map<OrderTrip, Instant> timers) {
        Instant due = trip.arrivalDueAt();
        if (due == null) {
            timers.remove(trip);
        } else {
            timers.put(trip, due);
        }
    }

    /** Keeps what the step published and, as the stream processor does, calibrates the ETA on completed legs. */
    private static void collect(Step step, EtaEstimator eta, List<TripEvent> events, List<EtaUpdate> etas) {
        events.addAll(step.events());
        if (step.eta() != null) {
            etas.add(step.eta());
        }
        step.legs().forEach(eta::calibrate);
    }
}
