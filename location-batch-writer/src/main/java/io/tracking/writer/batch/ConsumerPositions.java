package io.tracking.writer.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;

/**
 * The next offset to read per partition, in {@code kafka_consumer_positions}: the source of truth for where this
 * consumer group resumes, written in the same transaction as the rows it covers.
 *
 * <p>Every update is conditional on the position this instance last read or wrote. If another instance moved it
 * (it owns the partition since a rebalance this instance has not seen yet), the update matches no row and the
 * caller rolls the whole flush back: a zombie can neither store a ping twice nor move a position backwards.
 */
final class ConsumerPositions {

    /** Expected position of a partition that has no row yet. */
    static final long NO_ROW = -1;

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final DataSource dataSource;
    private final String group;

    ConsumerPositions(DataSource dataSource, String group) {
        this.dataSource = dataSource;
        this.group = group;
    }

    /** The stored positions of {@code partitions}, {@link #NO_ROW} where none is stored. */
    Map<TopicPartition, Long> load(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT next_offset FROM kafka_consumer_positions
                        WHERE consumer_group = ? AND topic = ? AND partition_id = ?""")) {
            for (TopicPartition partition : partitions) {
                select.setString(1, group);
                select.setString(2, partition.topic());
                select.setInt(3, partition.partition());
                try (ResultSet rows = select.executeQuery()) {
                    positions.put(partition, rows.next() ? rows.getLong(1) : NO_ROW);
                }
            }
        }
        return positions;
    }

    /**
     * Moves each partition from its expected to its next position inside the caller's transaction.
     *
     * @return the partitions whose stored position was not the expected one; when not empty the caller must roll
     *         back
     */
    Set<TopicPartition> advance(Connection connection, Map<TopicPartition, Long> next,
            Map<TopicPartition, Long> expected) throws SQLException {
        // a fixed order, so that two instances overlapping during a rebalance cannot deadlock
        List<TopicPartition> partitions = new ArrayList<>(next.keySet());
        partitions.sort(ORDER);
        Set<TopicPartition> fenced = new HashSet<>();
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE kafka_consumer_positions SET next_offset = ?, updated_at = now()
                WHERE consumer_group = ? AND topic = ? AND partition_id = ? AND next_offset = ?""");
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO kafka_consumer_positions (consumer_group, topic, partition_id, next_offset)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (TopicPartition partition : partitions) {
                Long expectedOffset = expected.get(partition);
                long nextOffset = next.get(partition);
                if (expectedOffset == null) {
                    fenced.add(partition);
                    continue;
                }
                int changed;
                if (expectedOffset == NO_ROW) {
                    insert.setString(1, group);
                    insert.setString(2, partition.topic());
                    insert.setInt(3, partition.partition());
                    insert.setLong(4, nextOffset);
                    changed = insert.executeUpdate();
                } else {
                    update.setLong(1, nextOffset);
                    update.setString(2, group);
                    update.setString(3, partition.topic());
                    update.setInt(4, partition.partition());
                    update.setLong(5, expectedOffset);
                    changed = update.executeUpdate();
                }
                if (changed != 1) {
                    fenced.add(partition);
                }
            }
        }
        return fenced;
    }
}
