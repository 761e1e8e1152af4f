package io.tracking.simulator.trips;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.PingRef;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.simulator.trips.PingReplay.PingKey;

/**
 * Holds the trip events and ETAs read back against the ground truth and computes the {@link TripReport}.
 *
 * <ul>
 * <li>An arrival event is <em>detected</em> when it is the first of its order and stop at or after the true
 *     arrival; one before it is <em>false</em> (the driver was not there yet: a drive-by, or noise), as is one for
 *     an order the run does not know or whose stop contradicts its type. A true arrival without a detection is
 *     <em>missed</em>.
 * <li>A <em>repeated</em> event is every copy beyond the first of an event id, and every event beyond the first of
 *     an order and type: a trip in these runs visits each stop once and never re-arms its approach.
 * <li>The ETA error at a horizon h of an arrival uses the ETA update of that order and stop whose
 *     {@code basedOnRecordedAt} is nearest to the arrival − h, if one is within {@value #ETA_TOLERANCE_SECONDS} s.
 * </ul>
 */
final class TripEvaluation {

    static final long ETA_TOLERANCE_SECONDS = 30;
    static final List<Integer> ETA_HORIZON_MINUTES = List.of(10, 5, 2);

    private TripEvaluation() {
    }

    static TripReport evaluate(List<TripTruth> truths, List<TripEvent> read, List<EtaUpdate> etas,
            PingReplay.Result replay, boolean complete) {
        Map<String, TripTruth> truthByOrder = truths.stream()
                .collect(Collectors.toMap(TripTruth::orderId, truth -> truth));
        Map<String, TripEvent> distinct = new LinkedHashMap<>();
        int repeated = 0;
        for (TripEvent event : read) {
            if (distinct.putIfAbsent(event.eventId(), event) != null) {
                repeated++;
            }
        }
        Map<String, Long> perOrderAndType = distinct.values().stream()
                .collect(Collectors.groupingBy(event -> event.orderId() + "/" + event.type(), Collectors.counting()));
        repeated += (int) perOrderAndType.values().stream().mapToLong(count -> count - 1).sum();

        int falseArrivals = 0;
        Set<String> detected = new HashSet<>();
        List<Double> delays = new ArrayList<>();
        List<TripEvent> arrivals = distinct.values().stream()
                .filter(event -> event.type().name().startsWith("ARRIVED_AT_"))
                .sorted(Comparator.comparing(TripEvent::at)).toList();
        for (TripEvent arrival : arrivals) {
            TripTruth truth = truthByOrder.get(arrival.orderId());
            Stop stop = arrival.type().stop();
            if (truth == null || stop == null || arrival.stop() != stop) {
                falseArrivals++;
                continue;
            }
            Instant trueArrival = truth.arrival(stop);
            if (arrival.at().isBefore(trueArrival)) {
                falseArrivals++;
            } else if (detected.add(arrival.orderId() + "/" + stop)) {
                delays.add(Duration.between(trueArrival, arrival.at()).toMillis() / 1000.0);
            }
        }
        int trueArrivals = truths.size() * Stop.values().length;

        List<TripEvent> fromPings = distinct.values().stream().filter(event -> event.type().stop() != null).toList();
        long lastDetected = fromPings.stream().mapToLong(event -> event.detectedAt().toEpochMilli()).max()
                .orElse(replay.firstSendMillis());
        double eventSpan = Math.max(1, lastDetected - replay.firstSendMillis()) / 1000.0;
        double sendSpan = Math.max(1, replay.lastSendMillis() - replay.firstSendMillis()) / 1000.0;

        return new TripReport(truths.size(), trueArrivals, detected.size(), trueArrivals - detected.size(),
                falseArrivals, repeated, truths.stream().mapToInt(truth -> truth.driveBys().size()).sum(),
                distinct.size(), etas.size(), TripReport.Percentiles.of(delays),
                TripReport.Percentiles.of(pipelineLatencies(fromPings, replay.sentAt())),
                etaErrors(truths, etas), round(fromPings.size() / eventSpan), round(replay.pings() / sendSpan),
                replay.achievedSpeedup(), complete);
    }

    /**
     * For each event a ping decided (its {@code at} is the recordedAt of one of its evidence pings), the time from
     * sending its newest evidence ping to the event's derivation. An arrival completed by the engine's stream-time
     * timer has the dwell's end as {@code at}: it waited for other drivers' fixes, not for a ping of its own.
     */
    private static List<Double> pipelineLatencies(List<TripEvent> events, Map<PingKey, Long> sentAt) {
        List<Double> latencies = new ArrayList<>();
        for (TripEvent event : events) {
            List<PingRef> pings = event.evidence().pings();
            if (pings.stream().noneMatch(ping -> ping.recordedAt().equals(event.at()))) {
                continue;
            }
            PingRef newest = pings.stream().max(Comparator.comparing(PingRef::recordedAt)).orElseThrow();
            Long sent = sentAt.get(new PingKey(newest.driverId(), newest.recordedAt()));
            if (sent != null) {
                latencies.add((double) (event.detectedAt().toEpochMilli() - sent));
            }
        }
        return latencies;
    }

    private static List<TripReport.EtaError> etaErrors(List<TripTruth> truths, List<EtaUpdate> etas) {
        Map<String, List<EtaUpdate>> byLeg = new HashMap<>();
        for (EtaUpdate eta : etas) {
            byLeg.computeIfAbsent(eta.orderId() + "/" + eta.stop(), key -> new ArrayList<>()).add(eta);
        }
        List<TripReport.EtaError> errors = new ArrayList<>();
        for (int minutes : ETA_HORIZON_MINUTES) {
            List<Double> absolute = new ArrayList<>();
            for (TripTruth truth : truths) {
                for (Stop stop : Stop.values()) {
                    Instant arrival = truth.arrival(stop);
                    Instant target = arrival.minus(Duration.ofMinutes(minutes));
                    byLeg.getOrDefault(truth.orderId() + "/" + stop, List.of()).stream()
                            .filter(eta -> distanceSeconds(eta.basedOnRecordedAt(), target) <= ETA_TOLERANCE_SECONDS)
                            .min(Comparator.comparingDouble(eta -> distanceSeconds(eta.basedOnRecordedAt(), target)))
                            .ifPresent(eta -> absolute.add(distanceSeconds(eta.at(), arrival)));
                }
            }
            double mean = absolute.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            errors.add(new TripReport.EtaError(minutes, absolute.size(), round(mean)));
        }
        return errors;
    }

    private static double distanceSeconds(Instant a, Instant b) {
        return Math.abs(Duration.between(a, b).toMillis()) / 1000.0;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
