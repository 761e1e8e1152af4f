/**
 * Counting and reporting: latency histogram, per-run counters, progress lines, the summary and the file of
 * last accepted positions.
 */
@NullMarked
package io.tracking.simulator.report;

import org.jspecify.annotations.NullMarked;
