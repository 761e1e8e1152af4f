package io.tracking.query.outbox;

/** Published in process when a row was appended; heard after the commit, it wakes this instance's relay. */
record OutboxAppended() {
}
