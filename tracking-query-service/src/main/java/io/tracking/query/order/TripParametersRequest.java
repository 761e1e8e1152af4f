package io.tracking.query.order;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.TripParameterOverrides;
import io.tracking.query.system.RequestRules;

/**
 * The optional {@code tripParameters} of {@code PUT /api/v1/orders/{orderId}}: this order's overrides of the trip
 * engine's configured parameters. Every field is optional; an absent one keeps the configured value. The bounds keep
 * an override within what the engine was tuned for: a radius of kilometres would make every drive-by an arrival.
 *
 * @param arriveRadiusMeters within this distance of a stop the driver may be arriving, 10 to 500
 * @param dwellSeconds how long the driver must stay inside it to have arrived, 0 to 600
 * @param exitRadiusMeters beyond this distance a driver who arrived has left: above the arrive radius, at most 2000
 * @param approachEtaSeconds an ETA under this makes the driver approach the next stop, 0 to 3600
 * @param approachDistanceMeters a distance under this does too, 0 to 20000
 */
record TripParametersRequest(
        @DecimalMin(value = "10", message = "must be a number in [10, 500]")
        @DecimalMax(value = "500", message = "must be a number in [10, 500]") @Nullable Double arriveRadiusMeters,
        @Min(value = 0, message = "must be an integer in [0, 600]")
        @Max(value = 600, message = "must be an integer in [0, 600]") @Nullable Integer dwellSeconds,
        @DecimalMin(value = "10", inclusive = false, message = "must be a number in (10, 2000]")
        @DecimalMax(value = "2000", message = "must be a number in (10, 2000]") @Nullable Double exitRadiusMeters,
        @Min(value = 0, message = "must be an integer in [0, 3600]")
        @Max(value = 3600, message = "must be an integer in [0, 3600]") @Nullable Integer approachEtaSeconds,
        @DecimalMin(value = "0", message = "must be a number in [0, 20000]")
        @DecimalMax(value = "20000", message = "must be a number in [0, 20000]") @Nullable Double approachDistanceMeters) {

    /**
     * Adds the rule that spans two fields: the exit radius lies beyond the arrive radius (the hysteresis that keeps a
     * parked driver from leaving and arriving again), when both are given.
     */
    void check(String path, RequestRules rules) {
        if (arriveRadiusMeters != null && exitRadiusMeters != null && !(exitRadiusMeters > arriveRadiusMeters)) {
            rules.add(path + ".exitRadiusMeters", "range", "must be greater than " + path + ".arriveRadiusMeters");
        }
    }

    /** The overrides of a validated request; null when it overrides nothing. */
    @Nullable TripParameterOverrides toOverrides() {
        TripParameterOverrides overrides = new TripParameterOverrides(arriveRadiusMeters, dwellSeconds,
                exitRadiusMeters, approachEtaSeconds, approachDistanceMeters);
        return overrides.equals(new TripParameterOverrides(null, null, null, null, null)) ? null : overrides;
    }
}
