/**
 * Delivery of accepted pings to Kafka: {@link io.tracking.ingest.publish.LocationPublisher} sends and waits for
 * the acknowledgements under one deadline, the topic is declared at start-up, and a health indicator takes the
 * service out of readiness while the cluster does not answer.
 */
@NullMarked
package io.tracking.ingest.publish;

import org.jspecify.annotations.NullMarked;
