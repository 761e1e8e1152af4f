/**
 * Trip events and ETAs of the trip-event service, where users see them: stored into PostgreSQL from their topics
 * ({@code TripStoreConsumer}, {@link io.tracking.query.trip.TripRepository}), and handed to this instance's open
 * order streams as they happen ({@code TripEventFeed}, {@link io.tracking.query.trip.TripEventListener}).
 */
@NullMarked
package io.tracking.query.trip;

import org.jspecify.annotations.NullMarked;
