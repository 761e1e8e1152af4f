package io.tracking.query.pipeline;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the batch writer's stored positions ({@code kafka_consumer_positions}, see {@code db/README.md}): the next
 * offset per partition of a topic, for the writer's consumer group. Read only; the writer alone writes the table.
 */
final class WriterPositionRepository {

    private final JdbcClient jdbc;
    private final String group;
    private final String topic;

    /** @param jdbc a client whose statements time out (the measurement must never hang on the database) */
    WriterPositionRepository(JdbcClient jdbc, String group, String topic) {
        this.jdbc = jdbc;
        this.group = group;
        this.topic = topic;
    }

    /** Next offset to store per partition; a partition without a row is absent. */
    Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.sql("""
                SELECT partition_id, next_offset FROM kafka_consumer_positions
                WHERE consumer_group = ? AND topic = ?""")
                .params(group, topic)
                .query(rs -> {
                    positions.put(rs.getInt(1), rs.getLong(2));
                });
        return positions;
    }
}
