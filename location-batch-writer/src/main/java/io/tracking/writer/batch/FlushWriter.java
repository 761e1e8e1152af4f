package io.tracking.writer.batch;

import java.sql.SQLException;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * Stores one flush and moves the stored positions past it, all or nothing: what {@link FlushPipeline} needs of
 * {@link LocationBatchWriter}, so that a fake can stand in for PostgreSQL.
 */
@FunctionalInterface
interface FlushWriter {

    /**
     * Writes {@code batch} and moves the stored positions from {@code expected} to the batch's next offsets, in one
     * transaction.
     *
     * @param expected per partition of the batch, the stored position this instance last read or wrote
     *        ({@link ConsumerPositions#NO_ROW} for none)
     * @return committed (with the pings refused by the database already dead-lettered) or fenced (nothing stored)
     * @throws SQLException when the database fails; nothing was committed and the batch can be retried
     */
    FlushResult write(FlushBatch batch, Map<TopicPartition, Long> expected) throws SQLException;
}
