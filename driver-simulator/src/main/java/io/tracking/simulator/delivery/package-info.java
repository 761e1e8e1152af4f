/**
 * Sending pings: over HTTP (single ping or per-driver batch, each driver with its own bearer token) or to
 * Kafka, with a bounded number of requests in flight.
 */
@NullMarked
package io.tracking.simulator.delivery;

import org.jspecify.annotations.NullMarked;
