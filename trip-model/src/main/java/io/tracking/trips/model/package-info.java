/**
 * The trip of one order derived from its driver's GPS fixes: when the driver approaches, arrives at and leaves the
 * pickup, approaches and arrives at the drop-off, and the ETA to the next stop.
 *
 * <p>Pure and framework-free: {@link io.tracking.trips.model.OrderTrip} takes order snapshots, fixes and the
 * stream time and answers {@link io.tracking.trips.model.Step}s; its whole state is a
 * {@link io.tracking.trips.model.TripState} value that the caller persists (the Kafka Streams service keeps it in a
 * state store with a changelog, which is what makes the events exactly once). Nothing here reads a clock: every
 * instant comes in as an argument, so a replay of the same inputs derives the same events.
 */
@NullMarked
package io.tracking.trips.model;

import org.jspecify.annotations.NullMarked;
