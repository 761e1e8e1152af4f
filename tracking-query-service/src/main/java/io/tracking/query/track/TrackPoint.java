package io.tracking.query.track;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tracking.query.location.DriverLocation;

/** One position of a track; optional fields are left out when the phone did not report them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrackPoint(
        double latitude,
        double longitude,
        Instant recordedAt,
        @Nullable Double accuracyMeters,
        @Nullable Double speedMps,
        @Nullable Double headingDegrees) {

    static TrackPoint of(DriverLocation location) {
        return new TrackPoint(location.latitude(), location.longitude(), location.recordedAt(),
                location.accuracyMeters(), location.speedMps(), location.headingDegrees());
    }
}
