package io.tracking.writer.batch;

import static io.tracking.writer.batch.Pings.header;
import static io.tracking.writer.batch.Pings.historyRows;
import static io.tracking.writer.batch.Pings.newDriverId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.WithKafka;
import io.tracking.testsupport.WithPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records an outside client can write straight onto the topic that once stopped the writer: times no
 * {@code Instant} or {@code timestamptz} can hold, a number that wrapped into a plausible time, a value so large
 * that its dead letter no longer fits the dead-letter topic, odd headers and keys. Between good pings, all of
 * them must land on the dead-letter topic while the writer keeps storing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.writer.topic=" + HostileRecordsIT.TOPIC,
        "tracking.writer.dead-letter-topic=" + HostileRecordsIT.DLT,
        "tracking.writer.group-id=" + HostileRecordsIT.GROUP,
        "tracking.writer.topic-partitions=3",
        "tracking.writer.flush.max-wait=300ms" })
@WithKafka
@WithPostgres
class HostileRecordsIT {

    static final String TOPIC = "it-hostile-updates";
    static final String DLT = TOPIC + ".DLT";
    static final String GROUP = "it-hostile";

    /** The producer's default request limit: an original just below it no longer fits once our headers are added. */
    private static final int MAX_REQUEST_SIZE = 1_048_576;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private LocationConsumers consumers;

    @Test
    void shouldDeadLetterRecordsThatOnceStoppedTheWriterAndKeepStoring() {
        String driverId = newDriverId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String valid = new String(Pings.json(Pings.ping(driverId, now.minusSeconds(100))), StandardCharsets.UTF_8);
        String recordedAt = "\"" + Pings.ping(driverId, now.minusSeconds(100)).recordedAt() + "\"";
        // 2^64 + a recent second: keeping only the low 64 bits, as BigDecimal.longValue() does, reads a valid time
        String wrapped = BigInteger.TWO.pow(64).add(BigInteger.valueOf(now.minusSeconds(50).getEpochSecond()))
                .toString();
        List<Hostile> hostile = List.of(
                new Hostile("invalid", valid.replace(recordedAt, "\"+300000000-01-01T00:00:00Z\"")),
                new Hostile("invalid", valid.replace(recordedAt, "9300000000000000")),
                new Hostile("invalid", valid.replaceFirst("\"receivedAt\":\"[^\"]*\"",
                        "\"receivedAt\":\"-5000-01-01T00:00:00Z\"")),
                new Hostile("undecodable", valid.replace(recordedAt, wrapped)),
                new Hostile("undecodable", valid.replace(recordedAt, "1e30")),
                new Hostile("undecodable", valid.replace(recordedAt, "\"2016-12-31T23:59:60Z\"")),
                new Hostile("undecodable", "[".repeat(100_000)));
        assertThat(hostile).allMatch(record -> !record.value().equals(valid));

        List<LocationUpdate> good = new ArrayList<>();
        Map<RecordMetadata, String> expectedReasons = new LinkedHashMap<>();
        try (Pings pings = new Pings(TOPIC)) {
            int second = 0;
            for (Hostile record : hostile) {
                LocationUpdate before = Pings.ping(driverId, now.minusSeconds(90 - second++));
                pings.send(before);
                good.add(before);
                expectedReasons.put(pings.sendBytes(utf8(driverId), utf8(record.value())), record.reason());
            }
            RecordMetadata tooLarge = pings.sendBytes(utf8(driverId), new byte[MAX_REQUEST_SIZE - 300]);
            expectedReasons.put(tooLarge, "undecodable");
            expectedReasons.put(pings.sendBytes(utf8(driverId), utf8("{\"driverId\": oops"),
                    new RecordHeader("", null), new RecordHeader(DeadLetterPublisher.REASON, utf8("forged")),
                    new RecordHeader("\u00ff", new byte[5_000])), "undecodable");
            expectedReasons.put(pings.sendBytes(null, utf8(valid)), "key-mismatch");
            expectedReasons.put(pings.sendBytes(new byte[] {(byte) 0xC3, (byte) 0x28}, utf8(valid)), "key-mismatch");
            LocationUpdate after = Pings.ping(driverId, now.minusSeconds(10));
            pings.send(after);
            good.add(after);

            await().atMost(Duration.ofSeconds(60)).until(() -> historyRows(jdbc, driverId) == good.size());
            long end = pings.endOffsets();
            await().atMost(Duration.ofSeconds(20)).until(() -> Pings.storedPositions(jdbc, GROUP, TOPIC) == end);

            Map<RecordMetadata, ConsumerRecord<byte[], byte[]>> deadLetters = Pings.readDeadLetters(DLT,
                    List.copyOf(expectedReasons.keySet()));
            expectedReasons.forEach((original, reason) -> assertThat(header(deadLetters.get(original),
                    DeadLetterPublisher.REASON)).as("offset %d", original.offset()).isEqualTo(reason));
            ConsumerRecord<byte[], byte[]> substitute = deadLetters.get(tooLarge);
            assertThat(substitute.value()).isNull();
            assertThat(header(substitute, DeadLetterPublisher.VALUE_DROPPED)).isEqualTo("too-large");
            assertThat(new String(substitute.key(), StandardCharsets.UTF_8)).isEqualTo(driverId);
        }
        assertThat(historyRows(jdbc, driverId)).isEqualTo(good.size());
        assertThat(meters.get("tracking.writer.loop.restarts").counter().count()).isZero();
        assertThat(meters.get("tracking.writer.flushes").tag("outcome", "failed").counter().count()).isZero();
        assertThat(consumers.states()).allMatch(WriterState::isRunning);
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
        assertThat(health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
    }

    private record Hostile(String reason, String value) {
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
