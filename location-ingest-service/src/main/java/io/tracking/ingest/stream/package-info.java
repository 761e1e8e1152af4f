/**
 * The WebSocket ingest, {@code GET /api/v1/locations/stream}: one persistent connection per driver app, text frames
 * of one ping or a batch, each answered with its {@code seq} and the status the REST endpoints would give, a 202
 * only after Kafka acknowledged. Frames go through {@link io.tracking.ingest.ping.PingIntake}, the same reader,
 * rules, publisher and counters as the REST API; this package only carries them over the connection and bounds
 * what a connection may hold (unanswered frames, frame size, connections per driver, idle time, token lifetime).
 *
 * <p>Two transports carry it: Tomcat through Spring's WebSocket support ({@code StreamHandler}), and, when its port is
 * set, a Netty server of its own ({@code NettyStreamServer}), so that the two can be measured on one stack. Both meet
 * the transport-neutral core ({@code DriverConnection}, {@code StreamConnections}) through {@code StreamChannel}.
 */
@NullMarked
package io.tracking.ingest.stream;

import org.jspecify.annotations.NullMarked;
