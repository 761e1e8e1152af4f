package io.tracking.ingest.ping;

import io.tracking.contract.Violation;

/**
 * The request body as a whole cannot be read: not JSON, too deeply nested, not the expected envelope. No ping of
 * such a request is published. Carries no stack trace: it is an answer to the client, not a fault.
 */
final class InvalidBodyException extends RuntimeException {

    private final transient Violation violation;

    InvalidBodyException(String field, String rule, String message) {
        super(field + ": " + rule, null, false, false);
        this.violation = new Violation(field, rule, message);
    }

    Violation violation() {
        return violation;
    }
}
