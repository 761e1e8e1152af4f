/**
 * The Kafka Streams topology that derives trip events and ETAs, and what keeps it trustworthy: the serdes and
 * guards at its trust boundaries (undecodable bytes, contract violations, wrong clocks), thread supervision,
 * health and metrics. {@link io.tracking.trips.stream.TripTopology} describes the flow.
 */
@NullMarked
package io.tracking.trips.stream;

import org.jspecify.annotations.NullMarked;
