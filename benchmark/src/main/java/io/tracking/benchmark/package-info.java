/**
 * The benchmark command: {@link io.tracking.benchmark.BenchmarkMain} starts the local stack, runs every scenario
 * three times or more and writes one table, a JSON file and an SVG chart.
 */
@NullMarked
package io.tracking.benchmark;

import org.jspecify.annotations.NullMarked;
