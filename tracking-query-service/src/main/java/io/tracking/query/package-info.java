/**
 * The read side of the tracking suite: latest positions, tracks and nearby drivers from the tables the batch
 * writer keeps, order tracking for customers and restaurants, and live positions pushed over Server-Sent Events
 * straight from Kafka.
 */
@NullMarked
package io.tracking.query;

import org.jspecify.annotations.NullMarked;
