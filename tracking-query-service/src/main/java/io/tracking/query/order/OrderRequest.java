package io.tracking.query.order;

import java.time.Instant;
import java.util.Objects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdateRules;
import io.tracking.query.system.RequestRules;

/**
 * Body of {@code PUT /api/v1/orders/{orderId}}. Every field is required but {@code tripParameters}.
 *
 * @param driverId the assigned driver (driver id rule)
 * @param customerId the ordering customer: the subject of their tokens
 * @param restaurantId the preparing restaurant: the subject of its tokens
 * @param pickup where the driver collects the order
 * @param dropoff where the driver delivers it
 * @param status one of ASSIGNED, PICKED_UP, DELIVERED, CANCELLED
 * @param tripParameters this order's overrides of the trip engine's parameters; absent: none
 */
record OrderRequest(
        @NotNull(message = "must be present")
        @Pattern(regexp = LocationUpdateRules.DRIVER_ID_REGEX, message = "must match "
                + LocationUpdateRules.DRIVER_ID_REGEX) @Nullable String driverId,
        @NotNull(message = "must be present")
        @Pattern(regexp = Order.PARTY_ID_REGEX, message = "must match " + Order.PARTY_ID_REGEX) @Nullable String customerId,
        @NotNull(message = "must be present")
        @Pattern(regexp = Order.PARTY_ID_REGEX, message = "must match " + Order.PARTY_ID_REGEX) @Nullable String restaurantId,
        @NotNull(message = "must be present") @Valid @Nullable Coordinates pickup,
        @NotNull(message = "must be present") @Valid @Nullable Coordinates dropoff,
        @NotNull(message = "must be present")
        @Pattern(regexp = OrderStatus.PATTERN, message = "must be one of ASSIGNED, PICKED_UP, DELIVERED, CANCELLED")
        @Nullable String status,
        @Valid @Nullable TripParametersRequest tripParameters) {

    /** Throws the 400 of the rules that span fields, which bean validation does not check. */
    void checkAcrossFields() {
        if (tripParameters != null) {
            RequestRules rules = new RequestRules();
            tripParameters.check("tripParameters", rules);
            rules.check();
        }
    }

    /** The order this validated request describes, its driver assigned at {@code driverAssignedAt}. */
    Order toOrder(String orderId, Instant driverAssignedAt) {
        return new Order(orderId, Objects.requireNonNull(driverId), Objects.requireNonNull(customerId),
                Objects.requireNonNull(restaurantId), Objects.requireNonNull(pickup), Objects.requireNonNull(dropoff),
                OrderStatus.valueOf(Objects.requireNonNull(status)), driverAssignedAt,
                tripParameters == null ? null : tripParameters.toOverrides());
    }
}
