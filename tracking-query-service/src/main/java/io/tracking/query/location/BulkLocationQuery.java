package io.tracking.query.location;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdateRules;

/**
 * Body of {@code POST /api/v1/drivers/locations/query}. A body rather than a query string because 500 ids of up
 * to 64 characters do not fit in a URL that every proxy accepts.
 *
 * @param driverIds the drivers asked for, at most {@code tracking.query.max-bulk-drivers}; duplicates count once
 */
record BulkLocationQuery(
        @NotEmpty(message = "must list at least one driver id")
        @Nullable List<@NotNull(message = "must not be null")
                @Pattern(regexp = LocationUpdateRules.DRIVER_ID_REGEX, message = "must match "
                        + LocationUpdateRules.DRIVER_ID_REGEX) String> driverIds) {
}
