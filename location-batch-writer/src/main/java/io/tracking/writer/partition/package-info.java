/**
 * Daily partitions of {@code location_history}: created ahead of time and on demand, dropped whole once they
 * fall out of the retention window.
 */
@NullMarked
package io.tracking.writer.partition;

import org.jspecify.annotations.NullMarked;
