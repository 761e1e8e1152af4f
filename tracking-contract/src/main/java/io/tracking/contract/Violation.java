package io.tracking.contract;

/**
 * One broken rule of a {@link LocationUpdate}.
 *
 * @param field the JSON field name, for example {@code latitude}
 * @param rule a short machine-readable rule name, for example {@code range}
 * @param message a human-readable sentence naming the allowed values, never the rejected value itself
 */
public record Violation(String field, String rule, String message) {
}
