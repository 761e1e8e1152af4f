/**
 * Fault-scenario suite: runs the local stack, drives simulated drivers over HTTP, injects one fault per
 * scenario and reconciles every accepted ping with PostgreSQL. {@link io.tracking.faults.FaultSuiteMain} is the entry
 * point (fault-suite/run.sh).
 */
@NullMarked
package io.tracking.faults;

import org.jspecify.annotations.NullMarked;
