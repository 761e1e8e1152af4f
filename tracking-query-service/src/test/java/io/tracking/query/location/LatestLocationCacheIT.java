package io.tracking.query.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.zaxxer.hikari.HikariDataSource;

import io.tracking.contract.Topics;
import io.tracking.query.support.IntegrationTest;
import io.tracking.query.support.LocationProducer;
import io.tracking.testsupport.TestInfrastructure;

/**
 * The latest-position cache against the real broker and database: pings go through Kafka as the ingest service
 * publishes them, and the test plays the batch writer (rows, then its stored positions). Its own writer group keeps
 * the other tests, which write rows without a writer, on the database path.
 */
@TestPropertySource(properties = "tracking.query.latest-cache.writer-group=" + LatestLocationCacheIT.WRITER_GROUP)
class LatestLocationCacheIT extends IntegrationTest {

    static final String WRITER_GROUP = "latest-cache-it-writer";

    private static LocationProducer producer;

    private final Instant base = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void startProducer() {
        producer = new LocationProducer();
    }

    @AfterAll
    static void stopProducer() {
        producer.close();
    }

    @Test
    void servesAStoredPositionFromMemoryUntilTheWriterStoresANewerPing() {
        String driverId = id("cached-driver");
        producer.publish(driverId, 1.0, 1.0, base);
        writer.ping(driverId, 1.0, 1.0, base);
        writerStoredEverything();
        awaitCacheReady();
        assertThat(latitude(driverId)).isEqualTo(1.0);

        // a change that does not come from the writer is invisible: proof that the answer came from memory
        jdbc.sql("UPDATE driver_latest_location SET latitude = 9 WHERE driver_id = ?").param(driverId).update();
        assertThat(latitude(driverId)).isEqualTo(1.0);

        // a newer ping read from Kafka but not stored yet leaves the stored position in place
        producer.publish(driverId, 3.0, 3.0, base.plusSeconds(3));
        assertThat(latitude(driverId)).isEqualTo(1.0);

        writer.ping(driverId, 3.0, 3.0, base.plusSeconds(3));
        writerStoredEverything();
        await().atMost(Duration.ofSeconds(10)).until(() -> latitude(driverId) == 3.0);
    }

    @Test
    void aLateFixThatTheWriterStoresOnlyInTheHistoryLeavesTheLatestPosition() {
        String driverId = id("late-driver");
        producer.publish(driverId, 5.0, 5.0, base.plusSeconds(5));
        writer.ping(driverId, 5.0, 5.0, base.plusSeconds(5));
        writerStoredEverything();
        awaitCacheReady();
        assertThat(latitude(driverId)).isEqualTo(5.0);
        double refreshed = metric("tracking.query.latest.cache.refreshed");

        double read = metric("tracking.query.live.records?tag=outcome:unwatched");
        producer.publish(driverId, 4.0, 4.0, base.plusSeconds(4));
        // the live reader sees the late fix before the writer stores it, as it normally does
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metric("tracking.query.live.records?tag=outcome:unwatched") > read);
        writer.ping(driverId, 4.0, 4.0, base.plusSeconds(4));
        writerStoredEverything();

        // the writer's position passed the late fix: the cached position was re-read, and is still the newer one
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("tracking.query.latest.cache.refreshed") > refreshed);
        assertThat(latitude(driverId)).isEqualTo(5.0);
        assertThat(api.get("/api/v1/drivers/" + driverId + "/location", logistics()).json()
                .get("recordedAt").asString()).isEqualTo(base.plusSeconds(5).toString());
    }

    @Test
    void keepsServingFromMemoryWhileRequestsHoldEveryConnectionOfTheirPool(@Autowired DataSource dataSource)
            throws SQLException {
        String driverId = id("pool-driver");
        producer.publish(driverId, 6.0, 6.0, base.plusSeconds(6));
        writer.ping(driverId, 6.0, 6.0, base.plusSeconds(6));
        writerStoredEverything();
        awaitCacheReady();
        assertThat(latitude(driverId)).isEqualTo(6.0);

        int poolSize = ((HikariDataSource) dataSource).getMaximumPoolSize();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }
            // the refresher reads the writer's positions through its own connection, so the cache keeps serving
            // (trusted for two 100 ms intervals at a time) and this read needs no connection of the pool
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> metric("tracking.query.latest.cache.ready") == 1.0 && latitude(driverId) == 6.0);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    private double latitude(String driverId) {
        var response = api.get("/api/v1/drivers/" + driverId + "/location", logistics());
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("latitude").asDouble();
    }

    private void awaitCacheReady() {
        await().atMost(Duration.ofSeconds(15)).until(() -> metric("tracking.query.latest.cache.ready") == 1.0);
    }

    private double metric(String name) {
        var response = management.get("/actuator/metrics/" + name, null);
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("measurements").get(0).get("value").asDouble();
    }

    /** Moves this test's writer group to the end of every partition, as a writer that stored everything would. */
    private void writerStoredEverything() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.LOCATION_UPDATES).stream()
                    .map(PartitionInfo::partition)
                    .map(partition -> new TopicPartition(Topics.LOCATION_UPDATES, partition))
                    .toList();
            kafka.endOffsets(partitions).forEach((partition, end) -> jdbc.sql("""
                    INSERT INTO kafka_consumer_positions (consumer_group, topic, partition_id, next_offset)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (consumer_group, topic, partition_id) DO UPDATE SET next_offset = EXCLUDED.next_offset,
                        updated_at = now()""")
                    .params(WRITER_GROUP, partition.topic(), partition.partition(), end)
                    .update());
        }
    }
}
