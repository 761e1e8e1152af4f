package io.tracking.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker and the database as the local stack runs them: real processes with data directories that outlive
 * them, whether they were stopped or killed.
 */
class LocalNodesIT {

    @TempDir
    Path dataDirectory;

    @Test
    void shouldKeepRecordsAndRowsAcrossStopsAndKillsAndLeaveNoProcessBehind() throws Exception {
        LocalStack.Ports ports = LocalStack.Ports.free();
        KafkaNode kafka = KafkaNode.builder(dataDirectory.resolve("kafka"))
                .port(ports.kafka())
                .controllerPort(ports.kafkaController())
                .partitions(3)
                .build();
        PostgresNode postgres = PostgresNode.builder(dataDirectory.resolve("postgres"))
                .port(ports.postgres())
                .build();
        String topic = "local-nodes-it-" + UUID.randomUUID();
        String driverId = "driver-" + UUID.randomUUID();
        List<Long> pids = new ArrayList<>();
        try (kafka; postgres) {
            inParallel(kafka::start, postgres::start);
            pids.add(kafka.pid().orElseThrow());
            pids.add(postgres.pid().orElseThrow());

            produce(kafka, topic, driverId, "first");
            insert(postgres, driverId, "first");
            assertThat(consumeAll(kafka, topic)).containsEntry(driverId, "first");

            inParallel(kafka::stop, postgres::stop);
            assertThat(kafka.isAlive()).isFalse();
            assertThat(postgres.isAlive()).isFalse();
            inParallel(kafka::start, postgres::start);
            pids.add(kafka.pid().orElseThrow());
            pids.add(postgres.pid().orElseThrow());

            assertThat(consumeAll(kafka, topic)).containsEntry(driverId, "first");
            assertThat(select(postgres, driverId)).containsExactly("first");

            // acknowledged with acks=all and committed: a SIGKILL right after must not lose either
            produce(kafka, topic, driverId, "second");
            insert(postgres, driverId, "second");
            inParallel(kafka::kill, postgres::kill);
            assertThat(kafka.isAlive()).isFalse();
            assertThat(postgres.isAlive()).isFalse();
            inParallel(kafka::start, postgres::start);
            pids.add(kafka.pid().orElseThrow());
            pids.add(postgres.pid().orElseThrow());

            assertThat(consumeAll(kafka, topic)).containsEntry(driverId, "second");
            assertThat(select(postgres, driverId)).containsExactly("first", "second");
        }

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
    }

    /** Both at once, as the local stack does it: the test takes half as long on the broker's startup. */
    private static void inParallel(Runnable first, Runnable second) {
        // not the common pool, which has a single thread on two cores
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(first, threads),
                    CompletableFuture.runAsync(second, threads)).join();
        } finally {
            threads.shutdown();
        }
    }

    private static void produce(KafkaNode kafka, String topic, String key, String value) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** The newest value per key of the whole topic, read by a fresh consumer group. */
    private static Map<String, String> consumeAll(KafkaNode kafka, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "local-nodes-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> newest = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    newest.put(record.key(), record.value());
                }
                return !consumer.assignment().isEmpty() && caughtUp(consumer);
            });
        }
        return newest;
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer) {
        return consumer.endOffsets(consumer.assignment()).entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static void insert(PostgresNode postgres, String driverId, String value) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS local_nodes_it (driver_id text, value text, id serial)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO local_nodes_it (driver_id, value) VALUES (?, ?)")) {
                insert.setString(1, driverId);
                insert.setString(2, value);
                insert.executeUpdate();
            }
        }
    }

    private static List<String> select(PostgresNode postgres, String driverId) throws SQLException {
        try (Connection connection = connect(postgres); PreparedStatement query = connection.prepareStatement(
                "SELECT value FROM local_nodes_it WHERE driver_id = ? ORDER BY id")) {
            query.setString(1, driverId);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private static Connection connect(PostgresNode postgres) throws SQLException {
        DatabaseConnection db = postgres.connection();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
