package io.tracking.ingest.ping;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateRules;
import io.tracking.contract.Violation;

/**
 * Applies every rule to a {@link PingDraft}: what the reader found, required fields, the contract's value rules
 * ({@link LocationUpdateRules#violations}, the single source of truth shared with the batch writer, which also
 * refuses a {@code recordedAt} finer than microseconds) and the ingest-only time window on {@code recordedAt}.
 *
 * <p>Invariant: a valid ping's update is exactly what is published and echoed, and both of its times are already at
 * the precision PostgreSQL stores, so two pings the service accepted are never merged into one row by rounding.
 */
final class PingValidator {

    private static final List<String> FIELD_ORDER = List.of("$", "driverId", "latitude", "longitude", "recordedAt",
            "accuracyMeters", "speedMps", "headingDegrees");

    private static final Comparator<Violation> BY_FIELD = Comparator.comparingInt(v -> {
        int index = FIELD_ORDER.indexOf(v.field());
        return index < 0 ? FIELD_ORDER.size() : index;
    });

    private final Duration maxFutureSkew;
    private final Duration maxAge;
    private final String futureMessage;
    private final String ageMessage;

    PingValidator(Duration maxFutureSkew, Duration maxAge) {
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
        this.futureMessage = "must be at most " + describe(maxFutureSkew) + " ahead of the server clock";
        this.ageMessage = "must be at most " + describe(maxAge) + " old";
    }

    /**
     * Checks {@code draft} against the rules as of {@code now}, which also becomes its {@code receivedAt}, truncated to
     * microseconds: that is what PostgreSQL stores, and what goes on Kafka is what is stored.
     */
    CheckedPing check(PingDraft draft, Instant now) {
        Instant receivedAt = now.truncatedTo(ChronoUnit.MICROS);
        List<Violation> violations = draft.readViolations().isEmpty()
                ? new ArrayList<>(0) : new ArrayList<>(draft.readViolations());
        requirePresent(violations, "driverId", draft.driverId() != null);
        requirePresent(violations, "latitude", draft.latitude() != null);
        requirePresent(violations, "longitude", draft.longitude() != null);
        requirePresent(violations, "recordedAt", draft.recordedAt() != null);

        // Missing fields get harmless placeholders so the contract rules judge the fields that are present.
        LocationUpdate update = new LocationUpdate(
                draft.driverId() == null ? "placeholder" : draft.driverId(),
                draft.latitude() == null ? 0 : draft.latitude(),
                draft.longitude() == null ? 0 : draft.longitude(),
                draft.recordedAt() == null ? receivedAt : draft.recordedAt(),
                receivedAt,
                draft.accuracyMeters(),
                draft.speedMps(),
                draft.headingDegrees());
        for (Violation violation : LocationUpdateRules.violations(update)) {
            if (!reported(violations, violation.field())) {
                violations.add(violation);
            }
        }
        Instant recordedAt = draft.recordedAt();
        if (recordedAt != null) {
            if (recordedAt.isAfter(now.plus(maxFutureSkew))) {
                violations.add(new Violation("recordedAt", "future", futureMessage));
            } else if (recordedAt.isBefore(now.minus(maxAge))) {
                violations.add(new Violation("recordedAt", "too-old", ageMessage));
            }
        }
        if (violations.isEmpty()) {
            return CheckedPing.valid(update);
        }
        violations.sort(BY_FIELD);
        return CheckedPing.invalid(violations);
    }

    private static void requirePresent(List<Violation> violations, String field, boolean present) {
        if (!present && !reported(violations, field)) {
            violations.add(new Violation(field, "required", "must be present and not null"));
        }
    }

    private static boolean reported(List<Violation> violations, String field) {
        for (Violation violation : violations) {
            if (violation.field().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Duration duration) {
        if (duration.toSeconds() % 3600 == 0 && duration.toHours() > 0) {
            return duration.toHours() + " h";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
