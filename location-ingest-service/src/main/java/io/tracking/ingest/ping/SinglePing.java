package io.tracking.ingest.ping;

/** The body of {@code POST /api/v1/locations}: one ping object. */
record SinglePing(PingDraft ping) {
}
