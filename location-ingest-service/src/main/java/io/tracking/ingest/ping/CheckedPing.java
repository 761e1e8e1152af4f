package io.tracking.ingest.ping;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Violation;

/**
 * A ping after all rules were applied: either the update to publish, or the rules it breaks (never both).
 */
record CheckedPing(@Nullable LocationUpdate update, List<Violation> violations) {

    static CheckedPing valid(LocationUpdate update) {
        return new CheckedPing(update, List.of());
    }

    static CheckedPing invalid(List<Violation> violations) {
        return new CheckedPing(null, List.copyOf(violations));
    }

    boolean isValid() {
        return update != null;
    }
}
