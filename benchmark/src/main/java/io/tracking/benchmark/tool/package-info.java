/**
 * The outside tools and processes the scenarios drive: wrk, Kafka's ProducerPerformance, the seed design's Node.js
 * consumer, a Kafka topic loader, PostgreSQL access, drain watching and peak memory sampling.
 */
@NullMarked
package io.tracking.benchmark.tool;

import org.jspecify.annotations.NullMarked;
