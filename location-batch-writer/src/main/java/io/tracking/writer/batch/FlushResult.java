package io.tracking.writer.batch;

import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/** How a flush ended when the database answered. A failure to reach the database is an exception instead. */
sealed interface FlushResult {

    /**
     * The rows and the positions committed together.
     *
     * @param historyRows rows added to {@code location_history}
     * @param duplicates pings not added because the same (driver, recordedAt) was already stored or repeated
     * @param latestRows drivers whose latest location was offered (collapsed to one row per driver)
     * @param slowPath whether a ping already stored by an earlier flush forced the conflict-tolerant path
     * @param rejected pings PostgreSQL refused, published to the dead-letter topic before the commit
     */
    record Committed(int historyRows, int duplicates, int latestRows, boolean slowPath, int rejected)
            implements FlushResult {
    }

    /**
     * Nothing committed: another consumer moved the stored position of these partitions since this instance read
     * or wrote it, so this instance no longer owns them.
     */
    record Fenced(Set<TopicPartition> partitions) implements FlushResult {
    }
}
