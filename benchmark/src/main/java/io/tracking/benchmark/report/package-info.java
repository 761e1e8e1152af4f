/**
 * What a benchmark run produced ({@link io.tracking.benchmark.report.Results}) and its three renderings: the table on
 * the console, the JSON file and the SVG chart.
 */
@NullMarked
package io.tracking.benchmark.report;

import org.jspecify.annotations.NullMarked;
