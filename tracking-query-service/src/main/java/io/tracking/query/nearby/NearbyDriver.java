package io.tracking.query.nearby;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A driver found by a nearby search.
 *
 * @param distanceMeters great-circle distance from the search centre, rounded to 0.1 m
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NearbyDriver(
        String driverId,
        double latitude,
        double longitude,
        Instant recordedAt,
        long ageSeconds,
        double distanceMeters,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees) {
}
