/**
 * The load: simulated drivers pinging the ingest API, over HTTP (one request per ping) or WebSocket (one connection
 * per driver, one frame per ping), every attempt recorded with its outcome and timing.
 */
@NullMarked
package io.tracking.faults.load;

import org.jspecify.annotations.NullMarked;
