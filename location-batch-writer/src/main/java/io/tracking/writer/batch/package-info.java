/**
 * Consume, buffer, write: each poll loop ({@code LocationConsumerLoop}; {@code LocationConsumers} runs several per
 * instance) owns one Kafka consumer and hands what it polls to its pipeline ({@code FlushPipeline}), whose buffer
 * ({@code LocationBuffer}) decides when to flush; the writer ({@code LocationBatchWriter}) stores one flush and the
 * consumer positions that follow it in one PostgreSQL transaction; {@code PartitionPositions} knows where each
 * owned partition is read from and handles rebalances.
 */
@NullMarked
package io.tracking.writer.batch;

import org.jspecify.annotations.NullMarked;
