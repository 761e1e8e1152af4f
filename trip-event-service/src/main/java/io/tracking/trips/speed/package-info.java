/**
 * Typical speeds per area and hour of day, learnt from the moving fixes of {@code location_history}: read by one
 * bounded query in the background, held in memory, consulted by the ETA on the stream thread.
 */
@NullMarked
package io.tracking.trips.speed;

import org.jspecify.annotations.NullMarked;
