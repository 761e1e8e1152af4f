package io.tracking.writer.batch;

/**
 * Why a record goes to the dead-letter topic instead of the database. Never carries the rejected value.
 *
 * @param reason short machine-readable cause, one of the constants below
 * @param field the offending JSON field, or {@code value} when the record as a whole is unreadable
 * @param rule the broken rule, for example {@code range} or {@code json}
 * @param message a sentence naming the rule, without the value
 */
record Rejection(String reason, String field, String rule, String message) {

    static final String UNDECODABLE = "undecodable";
    static final String INVALID = "invalid";
    static final String KEY_MISMATCH = "key-mismatch";
    static final String EXPIRED = "expired";
    static final String FUTURE = "future";
    static final String REJECTED_BY_DATABASE = "rejected-by-database";
}
