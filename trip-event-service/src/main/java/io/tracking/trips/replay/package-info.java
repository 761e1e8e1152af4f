/**
 * The replay command: re-derives orders' trip events from PostgreSQL ({@code orders}, {@code location_history})
 * with other trip parameters and prints how they differ from the events emitted ({@code order_trip_events}), for
 * tuning radii and dwell on real data. No Spring and no Kafka: a plain command over JDBC.
 */
@NullMarked
package io.tracking.trips.replay;

import org.jspecify.annotations.NullMarked;
