package io.tracking.query.location;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A driver's position as the API shows it. Optional fields are left out when the phone did not report them.
 *
 * @param ageSeconds whole seconds between {@code recordedAt} and the moment of the answer, never negative
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationView(
        String driverId,
        double latitude,
        double longitude,
        Instant recordedAt,
        long ageSeconds,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees) {

    public static LocationView of(DriverLocation location, Instant now) {
        return new LocationView(location.driverId(), location.latitude(), location.longitude(),
                location.recordedAt(), ageSeconds(location.recordedAt(), now), location.accuracyMeters(),
                location.speedMps(), location.headingDegrees());
    }

    /** Phones with a clock slightly ahead would give negative ages: those count as 0. */
    public static long ageSeconds(Instant recordedAt, Instant now) {
        return Math.max(0, Duration.between(recordedAt, now).getSeconds());
    }
}
