package io.tracking.writer.batch;

import static io.tracking.writer.batch.Pings.header;
import static io.tracking.writer.batch.Pings.historyRows;
import static io.tracking.writer.batch.Pings.newDriverId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.WithKafka;
import io.tracking.testsupport.WithPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows PostgreSQL refuses for reasons the writer cannot know in advance: a CHECK constraint on
 * {@code location_history} (SQLSTATE 23514) and a trigger on {@code driver_latest_location} raising a data
 * exception (22003), both added by this test and removed after it. The flushes holding them must commit everything
 * else, once, and send the refused pings to the dead-letter topic, instead of being retried forever.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.writer.topic=" + PoisonBatchIT.TOPIC,
        "tracking.writer.dead-letter-topic=" + PoisonBatchIT.DLT,
        "tracking.writer.group-id=" + PoisonBatchIT.GROUP,
        "tracking.writer.topic-partitions=3",
        "tracking.writer.flush.batch-size=100",
        "tracking.writer.flush.max-wait=300ms" })
@WithKafka
@WithPostgres
class PoisonBatchIT {

    static final String TOPIC = "it-poison-updates";
    static final String DLT = TOPIC + ".DLT";
    static final String GROUP = "it-poison";

    /** A speed the history table refuses, and a heading the latest-location table refuses. */
    private static final double POISON_SPEED = 42.5;
    private static final double POISON_HEADING = 271.5;

    private static Pings pings;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private LocationConsumers consumers;

    private double failedBefore;

    @BeforeAll
    static void producer() {
        pings = new Pings(TOPIC);
    }

    @AfterAll
    static void closeProducer() {
        pings.close();
    }

    @BeforeEach
    void refuseSomeRows() {
        failedBefore = failedFlushes();
        jdbc.execute("ALTER TABLE location_history ADD CONSTRAINT poison_test_speed CHECK (speed_mps IS DISTINCT FROM "
                + POISON_SPEED + ")");
        jdbc.execute("""
                CREATE FUNCTION poison_test_heading() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.heading_degrees = %s THEN
                        RAISE EXCEPTION 'heading refused' USING ERRCODE = '22003';
                    END IF;
                    RETURN NEW;
                END
                $$""".formatted(POISON_HEADING));
        jdbc.execute("CREATE TRIGGER poison_test_heading BEFORE INSERT OR UPDATE ON driver_latest_location"
                + " FOR EACH ROW EXECUTE FUNCTION poison_test_heading()");
    }

    @AfterEach
    void acceptAllRowsAgain() {
        jdbc.execute("DROP TRIGGER IF EXISTS poison_test_heading ON driver_latest_location");
        jdbc.execute("DROP FUNCTION IF EXISTS poison_test_heading()");
        jdbc.execute("ALTER TABLE location_history DROP CONSTRAINT IF EXISTS poison_test_speed");
    }

    @Test
    void shouldDeadLetterRowsPostgresRefusesAndCommitTheRest() {
        List<String> drivers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            drivers.add(newDriverId());
        }
        Instant base = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<LocationUpdate, RecordMetadata> poison = new LinkedHashMap<>();
        List<LocationUpdate> good = new ArrayList<>();
        // six rounds of 50 pings per round and driver: several flushes of 100, every one of them poisoned
        for (int round = 0; round < 6; round++) {
            List<LocationUpdate> updates = new ArrayList<>();
            for (int i = round * 50; i < round * 50 + 50; i++) {
                for (String driver : drivers) {
                    updates.add(Pings.ping(driver, base.plusSeconds(i)));
                }
            }
            good.addAll(updates);
            pings.send(updates.subList(0, updates.size() / 2));
            // a refused history row in the middle of a driver's track
            LocationUpdate badSpeed = withSpeed(Pings.ping(drivers.get(round % 12), base.plusSeconds(round * 50)
                    .plusMillis(500)), POISON_SPEED);
            poison.put(badSpeed, pings.sendRaw(badSpeed.driverId(), Pings.json(badSpeed)));
            // a refused latest location: the only ping of its driver, so always its newest
            LocationUpdate badHeading = withHeading(Pings.ping(newDriverId(), base.plusSeconds(round * 50)),
                    POISON_HEADING);
            poison.put(badHeading, pings.sendRaw(badHeading.driverId(), Pings.json(badHeading)));
            pings.send(updates.subList(updates.size() / 2, updates.size()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> historyRows(jdbc, drivers) == good.size());
        long end = pings.endOffsets();
        await().atMost(Duration.ofSeconds(20)).until(() -> Pings.storedPositions(jdbc, GROUP, TOPIC) == end);

        Map<RecordMetadata, ConsumerRecord<byte[], byte[]>> deadLetters = Pings.readDeadLetters(DLT,
                List.copyOf(poison.values()));
        poison.forEach((ping, original) -> {
            ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(original);
            assertThat(header(deadLetter, DeadLetterPublisher.REASON)).isEqualTo("rejected-by-database");
            assertThat(header(deadLetter, DeadLetterPublisher.RULE))
                    .isEqualTo(ping.speedMps() == POISON_SPEED ? "sqlstate-23514" : "sqlstate-22003");
            assertThat(header(deadLetter, DeadLetterPublisher.MESSAGE)).doesNotContain("42.5").doesNotContain("271.5")
                    .doesNotContain("12.97").doesNotContain("heading refused");
            assertThat(new String(deadLetter.key())).isEqualTo(ping.driverId());
            assertThat(Pings.JSON.readValue(deadLetter.value(), LocationUpdate.class)).isEqualTo(ping);
            assertThat(storedRows(ping.driverId(), ping.recordedAt())).isZero();
        });
        assertThat(historyRows(jdbc, drivers)).isEqualTo(good.size());
        for (String driver : drivers) {
            assertThat(latestRecordedAt(driver)).isEqualTo(base.plusSeconds(299));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM driver_latest_location WHERE heading_degrees = ?",
                Integer.class, POISON_HEADING)).isZero();
        assertThat(refusedDeadLetters()).isGreaterThanOrEqualTo(poison.size());
        assertThat(meters.get("tracking.writer.bisect.splits").counter().count()).isPositive();
        // no retry loop: the refused rows were found within the flushes that held them
        assertThat(failedFlushes() - failedBefore).isZero();
        assertThat(meters.get("tracking.writer.loop.restarts").counter().count()).isZero();
        assertThat(consumers.states()).allMatch(WriterState::isRunning);
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void shouldWriteAFlushOnceMoreWhenADayPartitionVanishedUnderIt() {
        String driverId = newDriverId();
        Instant day = Instant.now().minus(Duration.ofDays(13));
        pings.send(Pings.ping(driverId, day));
        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 1);
        // as a retention run racing with this instance would: the instance still believes the partition exists
        jdbc.execute("DROP TABLE location_history_p"
                + DateTimeFormatter.ofPattern("yyyyMMdd").format(day.atZone(ZoneOffset.UTC)));
        double deadLettersBefore = refusedDeadLetters();

        pings.send(Pings.ping(driverId, day.plusSeconds(1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> historyRows(jdbc, driverId) == 1
                && latestRecordedAt(driverId).equals(Pings.ping(driverId, day.plusSeconds(1)).recordedAt()));
        assertThat(failedFlushes() - failedBefore).isZero();
        assertThat(refusedDeadLetters()).isEqualTo(deadLettersBefore);
    }

    private double refusedDeadLetters() {
        Counter counter = meters.find("tracking.writer.dead.letters").tag("reason", "rejected-by-database").counter();
        return counter == null ? 0 : counter.count();
    }

    private double failedFlushes() {
        return meters.get("tracking.writer.flushes").tag("outcome", "failed").counter().count();
    }

    private int storedRows(String driverId, Instant recordedAt) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM location_history WHERE driver_id = ?"
                + " AND recorded_at = ?", Integer.class, driverId, java.sql.Timestamp.from(recordedAt));
        return count == null ? 0 : count;
    }

    private Instant latestRecordedAt(String driverId) {
        return jdbc.queryForObject("SELECT recorded_at FROM driver_latest_location WHERE driver_id = ?",
                java.sql.Timestamp.class, driverId).toInstant();
    }

    private static LocationUpdate withSpeed(LocationUpdate ping, double speed) {
        return new LocationUpdate(ping.driverId(), ping.latitude(), ping.longitude(), ping.recordedAt(),
                ping.receivedAt(), ping.accuracyMeters(), speed, ping.headingDegrees());
    }

    private static LocationUpdate withHeading(LocationUpdate ping, double heading) {
        return new LocationUpdate(ping.driverId(), ping.latitude(), ping.longitude(), ping.recordedAt(),
                ping.receivedAt(), ping.accuracyMeters(), ping.speedMps(), heading);
    }
}
