package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEventType;

/**
 * The whole state of an {@link OrderTrip}, as a value that Jackson serialises for the Streams state store and
 * {@link OrderTrip#restore} takes back. Bounded whatever the trip's length: at most {@link #MAX_FIXES} buffered
 * fixes and {@link #MAX_PREDICTIONS} kept predictions. Its shape is the model's business; callers only store it.
 *
 * @param orderId the order
 * @param version the version of the last applied order snapshot; -1 before the first
 * @param order the last applied order snapshot; null before the first
 * @param defaults the configured parameters; the order's overrides apply to them
 * @param phase where the trip is
 * @param phaseSince event time of the last phase change; fixes before it do not count for the phase
 * @param approachedAt event time of the approach to the current stop; null while the approach is armed
 * @param approachArmedAt fixes from this event time on may make the approach to the current stop
 * @param emitted per event type, how many events of it the order has produced (the n of the next id is one more)
 * @param fixes the recent fixes of the current driver, sorted by recordedAt
 * @param evictedThrough the newest recordedAt evicted from the buffer: fixes up to it are late
 * @param trackAnchor the newest plausible fix evicted from the buffer, the start of the track plausibility is
 *     judged from
 * @param leg the predictions of the current leg, for the ETA accuracy and the detour factor
 * @param progress the driver's progress on the current leg through the fixes evicted from the buffer, for the ETA;
 *     null until the leg's first fix is evicted (and in states stored before it existed: the ETA then measures the
 *     pace from the fixes still buffered)
 * @param lastEtaBasedOn the recordedAt of the fix the last published ETA was based on
 */
public record TripState(
        String orderId,
        long version,
        @Nullable OrderSnapshot order,
        TripParameters defaults,
        Phase phase,
        Instant phaseSince,
        @Nullable Instant approachedAt,
        Instant approachArmedAt,
        Map<TripEventType, Integer> emitted,
        List<Fix> fixes,
        @Nullable Instant evictedThrough,
        @Nullable Fix trackAnchor,
        @Nullable LegHistory leg,
        @Nullable LegProgress progress,
        @Nullable Instant lastEtaBasedOn) {

    /** The most fixes the buffer holds, whatever their age. */
    public static final int MAX_FIXES = 64;

    /** The most predictions a leg keeps (one per 15 s of event time over the longest horizon and then some). */
    public static final int MAX_PREDICTIONS = 48;

    public TripState {
        emitted = Map.copyOf(emitted);
        fixes = List.copyOf(fixes);
    }

    /** Where a trip is. */
    public enum Phase {
        /** Opened, no order snapshot applied yet. */
        NEW,
        TO_PICKUP,
        AT_PICKUP,
        TO_DROPOFF,
        /** Arrived at the drop-off, or the order reached a final status: nothing more will happen. */
        FINISHED
    }

    /**
     * The ETA history of the leg to the next stop.
     *
     * @param stop the stop
     * @param startedAt recordedAt of the leg's first ETA
     * @param startMeters the distance to the stop then
     * @param startStraightLineSeconds the straight-line time at the base speed then
     * @param predictions the kept predictions, oldest first
     */
    public record LegHistory(Stop stop, Instant startedAt, double startMeters, double startStraightLineSeconds,
            List<Prediction> predictions) {

        /** The least event time between two kept predictions. */
        static final Duration SPACING = Duration.ofSeconds(15);

        public LegHistory {
            predictions = List.copyOf(predictions);
        }

        /** A leg whose first estimate is {@code estimate}, made from {@code fix}. */
        static LegHistory startingAt(Stop stop, Fix fix, EtaEstimate estimate) {
            return new LegHistory(stop, fix.recordedAt(), estimate.distanceMeters(), estimate.straightLineSeconds(),
                    List.of(new Prediction(fix.recordedAt(), arrival(fix, estimate))));
        }

        /**
         * This leg having also predicted {@code estimate} from {@code fix}, its newest fix: kept if
         * {@link #SPACING} has passed since the last kept one; those older than {@code keep} before it are dropped,
         * no arrival can still be {@code keep} away from them.
         */
        LegHistory with(Fix fix, EtaEstimate estimate, Duration keep) {
            Instant at = fix.recordedAt();
            if (!predictions.isEmpty()
                    && at.isBefore(predictions.get(predictions.size() - 1).basedOn().plus(SPACING))) {
                return this;
            }
            List<Prediction> kept = new ArrayList<>(predictions.size() + 1);
            for (Prediction prediction : predictions) {
                if (!prediction.basedOn().isBefore(at.minus(keep))) {
                    kept.add(prediction);
                }
            }
            kept.add(new Prediction(at, arrival(fix, estimate)));
            while (kept.size() > MAX_PREDICTIONS) {
                kept.remove(0);
            }
            return new LegHistory(stop, startedAt, startMeters, startStraightLineSeconds, kept);
        }

        /** For each horizon this leg has a prediction for, how far off it was from the actual {@code arrival}. */
        List<EtaAccuracy> accuracyAt(Instant arrival) {
            List<EtaAccuracy> accuracies = new ArrayList<>();
            for (Duration horizon : EtaAccuracy.HORIZONS) {
                Instant target = arrival.minus(horizon);
                Prediction nearest = null;
                for (Prediction prediction : predictions) {
                    if (nearest == null || distance(prediction.basedOn(), target)
                            .compareTo(distance(nearest.basedOn(), target)) < 0) {
                        nearest = prediction;
                    }
                }
                if (nearest != null && distance(nearest.basedOn(), target).compareTo(EtaAccuracy.TOLERANCE) <= 0) {
                    accuracies.add(new EtaAccuracy(stop, horizon, Duration.between(nearest.basedOn(), arrival),
                            Math.abs(Duration.between(arrival, nearest.arrival()).toMillis()) / 1000.0));
                }
            }
            return accuracies;
        }

        /** The leg as the detour factor sees it, ended by an arrival at {@code arrival}. */
        LegObservation observationAt(Instant arrival) {
            return new LegObservation(stop, startMeters, startStraightLineSeconds,
                    Duration.between(startedAt, arrival).toMillis() / 1000.0);
        }

        private static Instant arrival(Fix fix, EtaEstimate estimate) {
            return fix.recordedAt().plusMillis(Math.round(estimate.seconds() * 1000));
        }

        private static Duration distance(Instant a, Instant b) {
            return Duration.between(a, b).abs();
        }
    }

    /**
     * One ETA of a leg.
     *
     * @param basedOn the recordedAt of the fix it was computed from
     * @param arrival the predicted arrival
     */
    public record Prediction(Instant basedOn, Instant arrival) {
    }
}
