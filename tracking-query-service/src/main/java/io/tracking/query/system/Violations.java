package io.tracking.query.system;

import java.util.List;
import java.util.stream.Collectors;

import io.tracking.contract.Violation;

/** Formats broken rules for problem details. */
final class Violations {

    private Violations() {
    }

    static String summary(List<Violation> violations) {
        if (violations.isEmpty()) {
            return "The request is invalid.";
        }
        return violations.stream()
                .map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; ", "Invalid request: ", "."));
    }
}
