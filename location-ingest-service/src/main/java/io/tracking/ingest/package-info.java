/**
 * The location ingest service: the only HTTP endpoint driver apps talk to. It validates pings, lets a driver
 * report only for itself, and answers {@code 202 Accepted} only once Kafka has acknowledged the ping.
 *
 * <p>Features: {@link io.tracking.ingest.ping} (the HTTP API), {@link io.tracking.ingest.publish} (delivery to
 * Kafka, topic, readiness), {@link io.tracking.ingest.system} (security, problem responses).
 */
@NullMarked
package io.tracking.ingest;

import org.jspecify.annotations.NullMarked;
