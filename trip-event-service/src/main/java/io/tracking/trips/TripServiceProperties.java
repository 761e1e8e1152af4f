package io.tracking.trips;

import java.time.Duration;

import io.tracking.trips.model.TripParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the trip-event service ({@code tracking.trips.*}). The Kafka Streams client itself (application id,
 * processing guarantee, state directory) is configured under {@code spring.kafka.streams}.
 *
 * @param partitions partitions of {@code driver-location-updates}, and so of the internal topics that bring orders
 *        to their drivers and fixes to their orders: a driver's fixes and the orders routed to that driver must
 *        meet in the same task; default 6 (the batch writer's {@code TRACKING_TOPIC_PARTITIONS})
 * @param punctuationInterval how often, in stream time, pending dwell timers are checked; default 1s
 * @param maxClockSkew how far a fix's {@code recordedAt} may be ahead of the time Kafka stamped on its record before
 *        the fix is refused as coming from a wrong clock; also the most it may advance stream time; default 5s
 * @param trip defaults of the trip parameters, overridable per order
 * @param eta when an ETA update is published
 * @param typicalSpeeds the typical speeds read from {@code location_history}
 * @param supervision replacement of stream threads that died
 */
@Validated
@ConfigurationProperties("tracking.trips")
public record TripServiceProperties(
        @DefaultValue("6") @Positive int partitions,
        @DefaultValue("1s") @NotNull Duration punctuationInterval,
        @DefaultValue("5s") @NotNull Duration maxClockSkew,
        @DefaultValue @Valid Trip trip,
        @DefaultValue @Valid Eta eta,
        @DefaultValue @Valid TypicalSpeeds typicalSpeeds,
        @DefaultValue @Valid Supervision supervision) {

    /**
     * Defaults of the per-order trip parameters ({@link TripParameters}, whose documentation says what each rule
     * does); an order's {@code tripParameters} override some of them.
     *
     * @param arriveRadiusMeters inside this distance of a stop a driver may be arriving; default 50
     * @param accuracyCapMeters the arrive radius widens by a fix's reported accuracy, by at most this; default 30
     * @param dwell how long, by event time, the driver stays inside before the arrival is reported; default 20s
     * @param exitRadiusMeters beyond this distance after an arrival the driver has left (hysteresis); default 120
     * @param exitConfirmation fixes beyond the exit radius must span this long to make a departure; default 4s
     * @param approachEta an ETA under this means approaching; default 120s
     * @param approachDistanceMeters a distance under this means approaching; default 500
     * @param approachRearmDistanceMeters beyond this distance a driver may approach again; default 1500
     * @param grace late fixes within this much event time are placed in order, later ones counted; default 30s
     * @param maxPlausibleSpeedMps a fix implying a faster move from the accepted track is a GPS jump; default 70
     * @param arrivalTimerTolerance how much of the dwell stream time may stand in for when no fix comes; default 5s
     */
    public record Trip(
            @DefaultValue("50") @Positive double arriveRadiusMeters,
            @DefaultValue("30") @PositiveOrZero double accuracyCapMeters,
            @DefaultValue("20s") @NotNull Duration dwell,
            @DefaultValue("120") @Positive double exitRadiusMeters,
            @DefaultValue("4s") @NotNull Duration exitConfirmation,
            @DefaultValue("120s") @NotNull Duration approachEta,
            @DefaultValue("500") @Positive double approachDistanceMeters,
            @DefaultValue("1500") @Positive double approachRearmDistanceMeters,
            @DefaultValue("30s") @NotNull Duration grace,
            @DefaultValue("70") @Positive double maxPlausibleSpeedMps,
            @DefaultValue("5s") @NotNull Duration arrivalTimerTolerance) {

        @AssertTrue(message = "exit-radius-meters must be larger than arrive-radius-meters")
        public boolean isExitBeyondArrival() {
            return exitRadiusMeters > arriveRadiusMeters;
        }

        @AssertTrue(message = "approach-rearm-distance-meters must be larger than approach-distance-meters")
        public boolean isRearmBeyondApproach() {
            return approachRearmDistanceMeters > approachDistanceMeters;
        }

        @AssertTrue(message = "arrival-timer-tolerance must not be longer than dwell")
        public boolean isToleranceWithinDwell() {
            return arrivalTimerTolerance.compareTo(dwell) <= 0;
        }

        /**
         * As the model's parameters. The model's own ETA interval is 0: every fix may give an ETA, and the
         * service's throttle ({@link Eta}) decides which are published.
         */
        public TripParameters toParameters() {
            return new TripParameters(arriveRadiusMeters, accuracyCapMeters, dwell, exitRadiusMeters,
                    exitConfirmation, approachEta, approachDistanceMeters, approachRearmDistanceMeters, grace,
                    maxPlausibleSpeedMps, arrivalTimerTolerance, Duration.ZERO);
        }
    }

    /**
     * ETA updates are throttled: the notification system and the order pages need a fresh ETA, not one per fix.
     *
     * @param minInterval at most one ETA per order and stop in this much event time ({@code basedOnRecordedAt})...;
     *        default 10s
     * @param minChange ...unless its predicted arrival instant moved by more than this; default 15s
     */
    public record Eta(
            @DefaultValue("10s") @NotNull Duration minInterval,
            @DefaultValue("15s") @NotNull Duration minChange) {
    }

    /**
     * Typical speeds per area and hour of day, from the moving fixes of {@code location_history}.
     *
     * @param enabled whether to read them at all; without them an ETA uses the driver's recent speed; default true
     * @param refreshInterval how often they are read again in the background; default 5m
     * @param window how far back fixes count; default 7d
     * @param cellSizeMeters edge of a grid cell; default 1000
     * @param minMovingSpeedMps fixes slower than this are stops, not driving; default 1.0
     * @param minSamples a cell and hour with fewer moving fixes has no typical speed; default 20
     * @param maxCells the query returns at most this many cells and hours (the memory bound); default 200000
     * @param queryTimeout the query is cancelled after this long and the previous speeds stay; default 60s
     */
    public record TypicalSpeeds(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5m") @NotNull Duration refreshInterval,
            @DefaultValue("7d") @NotNull Duration window,
            @DefaultValue("1000") @Positive double cellSizeMeters,
            @DefaultValue("1.0") @PositiveOrZero double minMovingSpeedMps,
            @DefaultValue("20") @Positive int minSamples,
            @DefaultValue("200000") @Positive int maxCells,
            @DefaultValue("60s") @NotNull Duration queryTimeout) {
    }

    /**
     * A stream thread that dies of an unexpected exception is replaced by a fresh one (its tasks restore from their
     * changelogs and resume from the last committed transaction). More than {@code maxReplacements} within
     * {@code window} shut the client down: it then reports ERROR and {@code /actuator/health/liveness} turns DOWN,
     * so that the orchestrator restarts the process.
     *
     * @param maxReplacements thread replacements tolerated within {@code window}; default 5
     * @param window how far back replacements count; default 10m
     */
    public record Supervision(
            @DefaultValue("5") @PositiveOrZero int maxReplacements,
            @DefaultValue("10m") @NotNull Duration window) {
    }
}
