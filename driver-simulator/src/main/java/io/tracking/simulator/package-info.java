/**
 * Command-line driver simulator: plays simulated drivers and sends their location pings to the ingest
 * service (one by one or in per-driver batches) or straight onto Kafka, then reports latency, counts and, on
 * request, whether the query service serves the last accepted position of each driver.
 *
 * <p>{@link io.tracking.simulator.DriverSimulator} is the entry point; everything else is internal.
 */
@NullMarked
package io.tracking.simulator;

import org.jspecify.annotations.NullMarked;
