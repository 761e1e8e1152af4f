/**
 * One class per measured figure family ({@code ...Scenario}); each repeats its measurement and returns
 * {@link io.tracking.benchmark.report.Figure}s with every run's value.
 */
@NullMarked
package io.tracking.benchmark.scenario;

import org.jspecify.annotations.NullMarked;
