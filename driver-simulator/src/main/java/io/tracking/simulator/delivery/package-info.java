/**
 * Sending pings: over HTTP (single ping or per-driver batch, each driver with its own bearer token), over one
 * WebSocket connection per driver (Netty, on event-loop threads of its own), or to Kafka, with a bounded number of
 * requests in flight.
 */
@NullMarked
package io.tracking.simulator.delivery;

import org.jspecify.annotations.NullMarked;
