/**
 * The trip-event service: a Kafka Streams application that runs the per-order trip state machine of
 * {@code trip-model} on the location stream and publishes trip events and ETAs, exactly once. Feature packages:
 * {@code stream} (the topology, its serdes, guards, health and metrics), {@code speed} (typical speeds from
 * {@code location_history}) and {@code replay} (re-deriving emitted events with other parameters).
 */
@NullMarked
package io.tracking.trips;

import org.jspecify.annotations.NullMarked;
