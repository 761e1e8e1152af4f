/**
 * Load shapes: the open model (each driver pings on its own jittered clock), the closed model (a fixed number
 * of pings as fast as the in-flight bound allows) and replay of a recorded NDJSON file.
 */
@NullMarked
package io.tracking.simulator.load;

import org.jspecify.annotations.NullMarked;
