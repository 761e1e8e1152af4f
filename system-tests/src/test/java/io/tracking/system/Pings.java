package io.tracking.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import tools.jackson.databind.json.JsonMapper;

/** Writes pings straight onto the topic, as the ingest service would, and reads back what the writer stored. */
final class Pings {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Pings() {
    }

    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    static Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, LocationUpdate update) {
        return producer.send(new ProducerRecord<>(Topics.LOCATION_UPDATES, update.driverId(), JSON.writeValueAsBytes(update)));
    }

    /** History rows whose driver id starts with {@code prefix}. */
    static long historyRows(Connection db, String prefix) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(
                "SELECT count(*) FROM location_history WHERE driver_id LIKE ?")) {
            statement.setString(1, prefix + "%");
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sum of the writer's stored next offsets over all partitions of the topic. */
    static long storedPositions(Connection db) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM kafka_consumer_positions WHERE topic = ?")) {
            statement.setString(1, Topics.LOCATION_UPDATES);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The latest position rows of {@code prefix}, by driver id. */
    static Map<String, LocationUpdate> latest(Connection db, String prefix) throws SQLException {
        Map<String, LocationUpdate> latest = new HashMap<>();
        try (PreparedStatement statement = db.prepareStatement("""
                SELECT driver_id, latitude, longitude, recorded_at, received_at
                FROM driver_latest_location WHERE driver_id LIKE ?""")) {
            statement.setString(1, prefix + "%");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    latest.put(rs.getString(1), new LocationUpdate(rs.getString(1), rs.getDouble(2), rs.getDouble(3),
                            rs.getObject(4, java.time.OffsetDateTime.class).toInstant(),
                            rs.getObject(5, java.time.OffsetDateTime.class).toInstant(), null, null, null));
                }
            }
        }
        return latest;
    }

    static Instant millis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }
}
