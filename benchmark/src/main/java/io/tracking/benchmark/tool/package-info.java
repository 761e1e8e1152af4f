/**
 * The outside tools and processes the scenarios drive: wrk, Kafka's ProducerPerformance, the seed design's Node.js
 * consumer, a Kafka topic loader (plain or in one transaction), PostgreSQL access, drain watching, a read_committed
 * backlog probe, peak memory sampling and process CPU time.
 */
@NullMarked
package io.tracking.benchmark.tool;

import org.jspecify.annotations.NullMarked;
