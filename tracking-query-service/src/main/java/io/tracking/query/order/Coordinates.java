package io.tracking.query.order;

import java.util.Objects;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;

/** A WGS84 point in degrees. Nullable components only so that a missing one is a 400 naming it. */
public record Coordinates(
        @NotNull(message = "must be present")
        @DecimalMin(value = "-90", message = "must be a number in [-90, 90]")
        @DecimalMax(value = "90", message = "must be a number in [-90, 90]") @Nullable Double latitude,
        @NotNull(message = "must be present")
        @DecimalMin(value = "-180", message = "must be a number in [-180, 180]")
        @DecimalMax(value = "180", message = "must be a number in [-180, 180]") @Nullable Double longitude) {

    /** Latitude of a validated point. */
    public double lat() {
        return Objects.requireNonNull(latitude);
    }

    /** Longitude of a validated point. */
    public double lon() {
        return Objects.requireNonNull(longitude);
    }
}
