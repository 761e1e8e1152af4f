/**
 * The WebSocket ingest, {@code GET /api/v1/locations/stream}: one persistent connection per driver app, text frames
 * of one ping or a batch, each answered with its {@code seq} and the status the REST endpoints would give, a 202
 * only after Kafka acknowledged. Frames go through {@link io.tracking.ingest.ping.PingIntake}, the same reader,
 * rules, publisher and counters as the REST API; this package only carries them over the connection and bounds
 * what a connection may hold (unanswered frames, frame size, connections per driver, idle time, token lifetime).
 */
@NullMarked
package io.tracking.ingest.stream;

import org.jspecify.annotations.NullMarked;
