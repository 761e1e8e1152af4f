/**
 * Consume, buffer, write: each poll loop ({@code LocationConsumerLoop}; {@code LocationConsumers} runs several per
 * instance) owns one Kafka consumer, its buffer ({@code LocationBuffer}) decides when to flush, and the writer
 * ({@code LocationBatchWriter}) stores one flush and the consumer positions that follow it in one PostgreSQL
 * transaction.
 */
@NullMarked
package io.tracking.writer.batch;

import org.jspecify.annotations.NullMarked;
