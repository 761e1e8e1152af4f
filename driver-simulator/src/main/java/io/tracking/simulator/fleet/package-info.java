/**
 * The simulated drivers: ids, movement along plausible paths inside a city disc, and the pings they produce.
 */
@NullMarked
package io.tracking.simulator.fleet;

import org.jspecify.annotations.NullMarked;
