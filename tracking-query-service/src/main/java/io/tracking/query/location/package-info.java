/**
 * Latest positions of drivers, one or many at a time (fleet roles only), and the cache in front of the table
 * ({@link io.tracking.query.location.LatestLocationConfiguration}). Does not import {@code live} (which imports this
 * package): the live reader's progress reaches {@link io.tracking.query.location.WriterProgress} through
 * {@code io.tracking.query.latestfeed}.
 */
@NullMarked
package io.tracking.query.location;

import org.jspecify.annotations.NullMarked;
