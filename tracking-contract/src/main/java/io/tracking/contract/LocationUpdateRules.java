package io.tracking.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The value rules every {@link LocationUpdate} obeys, whatever the clock says. The ingest service checks them
 * before publishing (plus its own time window); the batch writer checks them again before storing, so that a
 * record produced by anything else cannot put a bad row in the database.
 *
 * <p>Messages name the rule and the allowed values but never echo the value: GPS points are personal data.
 */
public final class LocationUpdateRules {

    public static final String DRIVER_ID_REGEX = "^[A-Za-z0-9_-]{1,64}$";
    public static final Pattern DRIVER_ID_PATTERN = Pattern.compile(DRIVER_ID_REGEX);
    public static final double MAX_SPEED_MPS = 100.0;

    /**
     * The earliest instant either time of a ping may name. Not a business rule but a sanity bound, fixed so that
     * every reader agrees whatever its clock: any value between the two bounds fits every type it meets
     * ({@code Instant} epoch milliseconds and nanoseconds, {@code Duration}, PostgreSQL {@code timestamptz}).
     */
    public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");

    /** The instant both times of a ping must be before; see {@link #EARLIEST_TIME}. */
    public static final Instant LATEST_TIME = Instant.parse("2100-01-01T00:00:00Z");

    /**
     * The finest {@code recordedAt} a ping may carry, in nanoseconds: PostgreSQL stores microseconds, and two pings
     * of one driver closer than that would be one ping. A finer value is refused rather than silently truncated,
     * so that what a producer was told it sent is what is stored.
     */
    public static final long RECORDED_AT_RESOLUTION_NANOS = 1_000;

    private static final String TIME_RANGE_MESSAGE = "must be an instant in [" + EARLIEST_TIME + ", "
            + LATEST_TIME + ")";

    private LocationUpdateRules() {
    }

    /** Whether {@code driverId} is a well-formed driver id. */
    public static boolean isValidDriverId(@Nullable String driverId) {
        // the same rule as DRIVER_ID_PATTERN without a Matcher per call: the writer checks every record it reads
        if (driverId == null || driverId.isEmpty() || driverId.length() > 64) {
            return false;
        }
        for (int i = 0; i < driverId.length(); i++) {
            char c = driverId.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** The broken rules of {@code update}, in field order; empty when it is valid. */
    public static List<Violation> violations(LocationUpdate update) {
        List<Violation> violations = new ArrayList<>(0);
        if (!isValidDriverId(update.driverId())) {
            violations.add(new Violation("driverId", "pattern", "must match " + DRIVER_ID_REGEX));
        }
        checkRange(violations, "latitude", update.latitude(), -90, 90);
        checkRange(violations, "longitude", update.longitude(), -180, 180);
        checkRecordedAt(violations, update.recordedAt());
        checkTime(violations, "receivedAt", update.receivedAt());
        Double accuracy = update.accuracyMeters();
        if (accuracy != null && !(Double.isFinite(accuracy) && accuracy >= 0)) {
            violations.add(new Violation("accuracyMeters", "range", "must be a finite number >= 0"));
        }
        Double speed = update.speedMps();
        if (speed != null) {
            checkRange(violations, "speedMps", speed, 0, MAX_SPEED_MPS);
        }
        Double heading = update.headingDegrees();
        if (heading != null && !(Double.isFinite(heading) && heading >= 0 && heading < 360)) {
            violations.add(new Violation("headingDegrees", "range", "must be a finite number in [0, 360)"));
        }
        return violations;
    }

    /** Whether {@code time} lies in [{@link #EARLIEST_TIME}, {@link #LATEST_TIME}). */
    public static boolean isInTimeRange(Instant time) {
        return !time.isBefore(EARLIEST_TIME) && time.isBefore(LATEST_TIME);
    }

    private static void checkRecordedAt(List<Violation> violations, @Nullable Instant recordedAt) {
        if (checkTime(violations, "recordedAt", recordedAt)
                && recordedAt.getNano() % RECORDED_AT_RESOLUTION_NANOS != 0) {
            violations.add(new Violation("recordedAt", "precision",
                    "must not be finer than microseconds (at most 6 fraction digits)"));
        }
    }

    /** Adds the violation of a missing or out-of-range time; whether {@code time} passed. */
    private static boolean checkTime(List<Violation> violations, String field, @Nullable Instant time) {
        if (time == null) {
            violations.add(new Violation(field, "required", "must be present"));
            return false;
        }
        if (!isInTimeRange(time)) {
            violations.add(new Violation(field, "range", TIME_RANGE_MESSAGE));
            return false;
        }
        return true;
    }

    private static void checkRange(List<Violation> violations, String field, double value, double min, double max) {
        if (!(Double.isFinite(value) && value >= min && value <= max)) {
            violations.add(new Violation(field, "range",
                    "must be a finite number in [" + format(min) + ", " + format(max) + "]"));
        }
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
