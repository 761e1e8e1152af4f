/**
 * The delivery mode: orders, each with its own driver who drives to the pickup, waits, drives to the drop-off and
 * waits, with the noise of real phones; the true arrival times as ground truth; and the evaluation of the trip
 * events and ETAs the trip-event service derived from those pings against that truth.
 *
 * <p>{@link io.tracking.simulator.trips.DeliveryRun} runs it; {@link io.tracking.simulator.trips.TripReport} is the
 * outcome, public for the benchmark.
 */
@NullMarked
package io.tracking.simulator.trips;

import org.jspecify.annotations.NullMarked;
