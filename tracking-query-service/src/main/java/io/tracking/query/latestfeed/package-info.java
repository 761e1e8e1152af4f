/**
 * The live reader's progress handed to the latest-position cache's account of the writer, while the cache is
 * enabled. A package of its own so that {@code location} need not know the live reader and {@code live} need not
 * know the cache: {@code latestfeed} depends on both, {@code live} on {@code location}, never the reverse.
 */
@NullMarked
package io.tracking.query.latestfeed;

import org.jspecify.annotations.NullMarked;
