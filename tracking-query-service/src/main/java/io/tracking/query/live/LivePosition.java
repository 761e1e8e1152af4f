package io.tracking.query.live;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tracking.query.location.DriverLocation;

/** The {@code data} of a {@code location} event; optional fields are left out when not reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LivePosition(
        String driverId,
        double latitude,
        double longitude,
        Instant recordedAt,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees) {

    static LivePosition of(DriverLocation location) {
        return new LivePosition(location.driverId(), location.latitude(), location.longitude(),
                location.recordedAt(), location.accuracyMeters(), location.speedMps(), location.headingDegrees());
    }
}
