/**
 * The load: simulated drivers pinging the ingest API one request per ping, every attempt recorded with its
 * outcome and timing.
 */
@NullMarked
package io.tracking.faults.load;

import org.jspecify.annotations.NullMarked;
