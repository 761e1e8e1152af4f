package io.tracking.writer.batch;

import static io.tracking.writer.batch.Pings.historyRows;
import static io.tracking.writer.batch.Pings.newDriverId;
import static io.tracking.writer.batch.Pings.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.testsupport.WithKafka;
import io.tracking.testsupport.WithPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.writer.topic=" + LocationBatchWriterIT.TOPIC,
        "tracking.writer.dead-letter-topic=" + LocationBatchWriterIT.DLT,
        "tracking.writer.group-id=" + LocationBatchWriterIT.GROUP,
        "tracking.writer.topic-partitions=3",
        "tracking.writer.flush.max-wait=300ms" })
@WithKafka
@WithPostgres
class LocationBatchWriterIT {

    static final String TOPIC = "it-writer-updates";
    static final String DLT = TOPIC + ".DLT";
    static final String GROUP = "it-writer";

    private static Pings pings;

    @Autowired
    private JdbcTemplate jdbc;

    @BeforeAll
    static void producer() {
        pings = new Pings(TOPIC);
    }

    @AfterAll
    static void closeProducer() {
        pings.close();
    }

    @Test
    void shouldFlushBufferedPingsAfterMaxWaitAndStoreTheirPositionsWithThem() {
        String driverId = newDriverId();

        pings.send(Pings.track(driverId, 5));

        // far fewer than batch-size (1000): only the time trigger can flush them
        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 5);
        long end = pings.endOffsets();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Pings.storedPositions(jdbc, GROUP, TOPIC) == end);
    }

    @Test
    void shouldStoreEveryFieldOfAPing() {
        String driverId = newDriverId();
        LocationUpdate update = new LocationUpdate(driverId, -33.8688, 151.2093,
                Instant.now().truncatedTo(ChronoUnit.MICROS), Instant.now().truncatedTo(ChronoUnit.MICROS),
                null, 0.0, 359.5);

        pings.send(update);

        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM location_history WHERE driver_id = ?", driverId);
        assertThat(row.get("latitude")).isEqualTo(-33.8688);
        assertThat(row.get("longitude")).isEqualTo(151.2093);
        assertThat(((java.sql.Timestamp) row.get("recorded_at")).toInstant()).isEqualTo(update.recordedAt());
        assertThat(((java.sql.Timestamp) row.get("received_at")).toInstant()).isEqualTo(update.receivedAt());
        assertThat(row.get("accuracy_meters")).isNull();
        assertThat(row.get("speed_mps")).isEqualTo(0.0);
        assertThat(row.get("heading_degrees")).isEqualTo(359.5);
        Map<String, Object> latest = jdbc.queryForMap("SELECT * FROM driver_latest_location WHERE driver_id = ?",
                driverId);
        assertThat(((java.sql.Timestamp) latest.get("recorded_at")).toInstant()).isEqualTo(update.recordedAt());
        assertThat(latest.get("latitude")).isEqualTo(-33.8688);
        assertThat(latest.get("accuracy_meters")).isNull();
    }

    @Test
    void shouldStoreAPingSentTwiceOnce() {
        String driverId = newDriverId();
        LocationUpdate first = ping(driverId, Instant.now().minusSeconds(10));
        LocationUpdate second = ping(driverId, Instant.now().minusSeconds(5));

        // twice in one flush
        pings.send(first, first);
        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 1);
        // again in a later flush, together with a new ping that tells when that flush committed
        pings.send(first, second);
        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 2);

        long end = pings.endOffsets();
        await().atMost(Duration.ofSeconds(10)).until(() -> Pings.storedPositions(jdbc, GROUP, TOPIC) == end);
        assertThat(historyRows(jdbc, driverId)).isEqualTo(2);
    }

    @Test
    void shouldKeepNewestPositionWhenFixesArriveOutOfOrder() {
        String driverId = newDriverId();
        Instant now = Instant.now();
        LocationUpdate older = ping(driverId, now.minusSeconds(30));
        LocationUpdate newer = ping(driverId, now.minusSeconds(20));
        LocationUpdate newest = ping(driverId, now.minusSeconds(10));
        LocationUpdate late = ping(driverId, now.minusSeconds(15));

        // out of order within one flush
        pings.send(newer, older);
        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 2);
        assertThat(latestRecordedAt(driverId)).isEqualTo(newer.recordedAt());
        // newer in a later flush, then a late older fix in the one after
        pings.send(newest);
        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 3);
        pings.send(late);
        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 4);

        assertThat(latestRecordedAt(driverId)).isEqualTo(newest.recordedAt());
    }

    @Test
    void shouldDeadLetterBadRecordsAndStoreTheValidOnesAroundThem() {
        String driverId = newDriverId();
        Instant now = Instant.now();
        LocationUpdate before = ping(driverId, now.minusSeconds(3));
        LocationUpdate after = ping(driverId, now.minusSeconds(1));
        LocationUpdate outOfRange = new LocationUpdate(driverId, 91.0, 10.0, now.minusSeconds(2),
                now.minusSeconds(2), null, null, null);
        LocationUpdate expired = ping(driverId, now.minus(Duration.ofDays(40)));

        pings.send(before);
        RecordMetadata garbage = pings.sendRaw(driverId, "{\"driverId\": oops".getBytes(StandardCharsets.UTF_8));
        RecordMetadata invalid = pings.sendRaw(driverId, Pings.json(outOfRange));
        String otherKey = newDriverId();
        pings.sendRaw(otherKey, Pings.json(ping(driverId, now.minusMillis(1500))));
        RecordMetadata tooOld = pings.sendRaw(driverId, Pings.json(expired));
        pings.send(after);

        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 2);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readDeadLetters(driverId, 3);
        assertThat(deadLetters).hasSize(3);
        ConsumerRecord<byte[], byte[]> undecodable = deadLetterAt(deadLetters, garbage);
        assertThat(header(undecodable, DeadLetterPublisher.REASON)).isEqualTo("undecodable");
        assertThat(undecodable.value()).isEqualTo("{\"driverId\": oops".getBytes(StandardCharsets.UTF_8));
        assertThat(header(undecodable, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(ByteBuffer.wrap(undecodable.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
                .getInt()).isEqualTo(garbage.partition());
        assertThat(ByteBuffer.wrap(undecodable.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
                .getLong()).isEqualTo(garbage.offset());
        ConsumerRecord<byte[], byte[]> rangeViolation = deadLetterAt(deadLetters, invalid);
        assertThat(header(rangeViolation, DeadLetterPublisher.REASON)).isEqualTo("invalid");
        assertThat(header(rangeViolation, DeadLetterPublisher.FIELD)).isEqualTo("latitude");
        assertThat(header(rangeViolation, DeadLetterPublisher.RULE)).isEqualTo("range");
        assertThat(rangeViolation.value()).isEqualTo(Pings.json(outOfRange));
        assertThat(header(deadLetterAt(deadLetters, tooOld), DeadLetterPublisher.REASON)).isEqualTo("expired");
        List<ConsumerRecord<byte[], byte[]>> mismatched = readDeadLetters(otherKey, 1);
        assertThat(header(mismatched.get(0), DeadLetterPublisher.REASON)).isEqualTo("key-mismatch");
        // the dead letters' offsets advanced with the flushes
        long end = pings.endOffsets();
        await().atMost(Duration.ofSeconds(10)).until(() -> Pings.storedPositions(jdbc, GROUP, TOPIC) == end);
    }

    @Test
    void shouldCreateTheMissingPartitionOfADayBeforeStoringItsPings() {
        String driverId = newDriverId();
        Instant recordedAt = Instant.now().minus(Duration.ofDays(12));
        String partition = "location_history_p" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
                .format(recordedAt.atZone(java.time.ZoneOffset.UTC));
        jdbc.execute("DROP TABLE IF EXISTS " + partition);

        pings.send(ping(driverId, recordedAt));

        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 1);
        assertThat(jdbc.queryForObject("SELECT to_regclass(?)::text", String.class, partition)).isEqualTo(partition);
    }

    private Instant latestRecordedAt(String driverId) {
        return jdbc.queryForObject("SELECT recorded_at FROM driver_latest_location WHERE driver_id = ?",
                java.sql.Timestamp.class, driverId).toInstant();
    }

    private static ConsumerRecord<byte[], byte[]> deadLetterAt(List<ConsumerRecord<byte[], byte[]>> deadLetters,
            RecordMetadata original) {
        return deadLetters.stream()
                .filter(record -> ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                        .value()).getLong() == original.offset()
                        && ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
                                .getInt() == original.partition())
                .findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The dead letters keyed {@code key}, waiting until at least {@code expected} arrived. */
    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(String key, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dlt-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(DLT));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}
