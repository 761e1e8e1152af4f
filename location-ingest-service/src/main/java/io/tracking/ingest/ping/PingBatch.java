package io.tracking.ingest.ping;

import java.util.List;

/** The body of {@code POST /api/v1/locations/batch}: {@code {"pings": [...]}}, in the order the client sent them. */
record PingBatch(List<PingDraft> pings) {
}
