package io.tracking.query.system;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdateRules;
import io.tracking.contract.Violation;

/**
 * Checks of path and query parameters. Collects every broken rule so that one 400 names them all; messages name
 * the rule and the allowed values, never the value sent.
 */
public final class RequestRules {

    /** Order ids follow the driver id rule: letters, digits, {@code _} and {@code -}, 1 to 64 characters. */
    public static final String ID_MESSAGE = "must match " + LocationUpdateRules.DRIVER_ID_REGEX;

    private final List<Violation> violations = new ArrayList<>(2);

    public RequestRules id(String name, @Nullable String value) {
        if (!LocationUpdateRules.isValidDriverId(value)) {
            violations.add(new Violation(name, "pattern", ID_MESSAGE));
        }
        return this;
    }

    public RequestRules range(String name, double value, double min, double max) {
        if (!(Double.isFinite(value) && value >= min && value <= max)) {
            violations.add(new Violation(name, "range", "must be a number in [" + format(min) + ", "
                    + format(max) + "]"));
        }
        return this;
    }

    public RequestRules range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            violations.add(new Violation(name, "range", "must be an integer in [" + min + ", " + max + "]"));
        }
        return this;
    }

    public RequestRules add(String name, String rule, String message) {
        violations.add(new Violation(name, rule, message));
        return this;
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** Throws a 400 problem if any rule was broken. */
    public void check() {
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations);
        }
    }

    /** Shorthand for a single id parameter. */
    public static void checkId(String name, @Nullable String value) {
        new RequestRules().id(name, value).check();
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
