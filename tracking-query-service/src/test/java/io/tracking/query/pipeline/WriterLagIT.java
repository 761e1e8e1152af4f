package io.tracking.query.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.query.QueryProperties;
import io.tracking.testsupport.PostgresConnection;
import io.tracking.testsupport.TestInfrastructure;

/**
 * The writer lag monitor against the real test broker and PostgreSQL, standing in for the writer by writing its rows
 * in {@code kafka_consumer_positions}. Each test has a topic and a consumer group of its own.
 */
class WriterLagIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration KAFKA_CALL = Duration.ofSeconds(15);

    private static SimpleDriverDataSource dataSource;
    private static JdbcClient jdbc;

    private final String topic = "writer-lag-it-" + UUID.randomUUID();
    private final String group = "writer-lag-it-" + UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Instant now = Instant.now();
    private WriterLagMonitor monitor;

    @BeforeAll
    static void migrate() {
        PostgresConnection pg = TestInfrastructure.postgres();
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), pg.jdbcUrl(), pg.username(),
                pg.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterEach
    void stopMonitor() {
        if (monitor != null) {
            monitor.stop();
        }
    }

    @Test
    void shouldCountUnstoredRecordsAndTheAgeOfTheOldestUntilTheWriterStoresThem() throws Exception {
        createTopic(2);
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                send(producer, 0, now.minusSeconds(100 - i));
            }
            for (int i = 0; i < 3; i++) {
                send(producer, 1, now.minusSeconds(50 - i));
            }
            producer.flush();
        }
        store(0, 4);
        // partition 1 has no row: the writer has stored nothing of it, so all 3 lag

        startMonitor();

        await().atMost(WAIT).until(() -> gauge("measured") == 1);
        assertThat(gauge("records")).isEqualTo(6 + 3);
        // the first unstored record of partition 0 (offset 4) is the oldest: written 96 s before the test started
        assertThat(gauge("seconds")).isBetween(ageAtStart(96), ageNow(96));

        store(1, 2);
        await().atMost(WAIT).until(() -> gauge("records") == 6 + 1);
        assertThat(gauge("seconds")).as("partition 0 still holds the oldest").isBetween(ageAtStart(96), ageNow(96));

        store(0, 10);
        await().atMost(WAIT).until(() -> gauge("records") == 1);
        assertThat(gauge("seconds")).as("now the record at offset 2 of partition 1")
                .isBetween(ageAtStart(48), ageNow(48));

        store(1, 3);
        await().atMost(WAIT).until(() -> gauge("records") == 0);
        assertThat(gauge("seconds")).isZero();
        assertThat(gauge("measured")).isEqualTo(1);
        assertThat(meters.get("tracking.query.writer.lag.failures").counter().count()).isZero();
    }

    @Test
    void shouldCountAPositionOnATransactionMarkerAsCaughtUpAndSkipAbortedRecords() throws Exception {
        createTopic(1);
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "writer-lag-it-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                send(producer, 0, now.minusSeconds(200 - i));
            }
            producer.commitTransaction(); // offsets 0-4, commit marker at 5
            producer.beginTransaction();
            send(producer, 0, now.minusSeconds(150));
            send(producer, 0, now.minusSeconds(149));
            producer.abortTransaction(); // offsets 6-7 aborted, abort marker at 8
        }
        store(0, 3);

        startMonitor();

        // offsets 3 to 8 up to the last stable offset 9: two records, and markers and aborted records behind them
        // (awaited: the coordinator writes the abort marker, which moves the last stable offset, after abort returns)
        await().atMost(WAIT).until(() -> gauge("records") == 9 - 3);
        assertThat(gauge("seconds")).as("the record at offset 3").isBetween(ageAtStart(197), ageNow(197));

        // as the writer stores it after reading offset 4: next offset 5, the commit marker
        store(0, 5);
        await().atMost(WAIT).until(() -> gauge("records") == 0);
        assertThat(gauge("seconds")).as("only markers and aborted records left").isZero();
        assertThat(gauge("measured")).isEqualTo(1);
    }

    private void startMonitor() {
        Map<String, Object> kafka = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers());
        monitor = WriterLagConfiguration.monitor(kafka, dataSource, group, topic,
                new QueryProperties.Pipeline(true, Duration.ofMillis(500)), Clock.systemUTC(), meters);
        monitor.start();
    }

    /** The age, when the test started, of a record written {@code secondsBefore} the start. */
    private double ageAtStart(long secondsBefore) {
        return secondsBefore;
    }

    /** Its age now: no measurement taken so far can show more (+1 ms: Kafka keeps milliseconds only). */
    private double ageNow(long secondsBefore) {
        return Duration.between(now.minusSeconds(secondsBefore), Instant.now()).toNanos() / 1e9 + 0.001;
    }

    private double gauge(String name) {
        return meters.get("tracking.query.writer.lag." + name).gauge().value();
    }

    /** As the writer does in each flush: the next offset to read of {@code partition}. */
    private void store(int partition, long nextOffset) {
        jdbc.sql("""
                INSERT INTO kafka_consumer_positions (consumer_group, topic, partition_id, next_offset)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (consumer_group, topic, partition_id) DO UPDATE SET next_offset = EXCLUDED.next_offset,
                    updated_at = now()""")
                .params(group, topic, partition, nextOffset)
                .update();
    }

    private void createTopic(int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(KAFKA_CALL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_CALL.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KAFKA_CALL.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_CALL.toMillis() / 2,
                ProducerConfig.LINGER_MS_CONFIG, 0));
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    private void send(KafkaProducer<byte[], byte[]> producer, int partition, Instant timestamp) throws Exception {
        byte[] key = ("driver-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), key, new byte[] { '{', '}' }))
                .get(KAFKA_CALL.toMillis(), TimeUnit.MILLISECONDS);
    }
}
