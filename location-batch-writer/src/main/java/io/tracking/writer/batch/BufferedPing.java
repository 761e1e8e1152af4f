package io.tracking.writer.batch;

import io.tracking.contract.LocationUpdate;
import org.apache.kafka.common.TopicPartition;

/** A valid location update waiting to be stored, with the partition it was read from. */
record BufferedPing(TopicPartition partition, LocationUpdate update) {
}
