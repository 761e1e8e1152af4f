package io.tracking.contract.trip;

import org.jspecify.annotations.Nullable;

/**
 * Per-order overrides of the trip engine's configured parameters; a null component keeps the configured value.
 * A restaurant in a large mall may want a wider arrive radius, a drive-through a shorter dwell.
 *
 * @param arriveRadiusMeters within this distance of a stop (before accuracy widening) a driver may be arriving
 * @param dwellSeconds how long, by event time, the driver must stay within the arrive radius to have arrived
 * @param exitRadiusMeters beyond this distance of a stop a driver who arrived has left; larger than the arrive radius
 * @param approachEtaSeconds an ETA under this makes the driver approach the next stop
 * @param approachDistanceMeters a distance under this makes the driver approach the next stop
 */
public record TripParameterOverrides(
        @Nullable Double arriveRadiusMeters,
        @Nullable Integer dwellSeconds,
        @Nullable Double exitRadiusMeters,
        @Nullable Integer approachEtaSeconds,
        @Nullable Double approachDistanceMeters) {
}
