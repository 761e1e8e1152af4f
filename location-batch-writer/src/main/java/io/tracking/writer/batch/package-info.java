/**
 * Consume, buffer, write: the poll loop ({@code LocationConsumerLoop}) owns the Kafka consumer, the buffer
 * ({@code LocationBuffer}) decides when to flush, the writer ({@code LocationBatchWriter}) stores one flush and
 * the consumer positions that follow it in one PostgreSQL transaction.
 */
@NullMarked
package io.tracking.writer.batch;

import org.jspecify.annotations.NullMarked;
