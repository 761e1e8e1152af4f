package io.tracking.writer.batch;

import static io.tracking.writer.batch.Pings.historyRows;
import static io.tracking.writer.batch.Pings.newDriverId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.WithKafka;
import io.tracking.testsupport.WithPostgres;
import io.tracking.writer.BatchWriterProperties;
import io.tracking.writer.partition.HistoryPartitions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The effectively-once guarantee across a crash and across a rebalance between two instances: every ping stored,
 * none written twice (the duplicate counter would see a re-delivered ping that the primary key swallowed).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.writer.topic=" + RestartAndRebalanceIT.TOPIC,
        "tracking.writer.dead-letter-topic=" + RestartAndRebalanceIT.TOPIC + ".DLT",
        "tracking.writer.group-id=" + RestartAndRebalanceIT.GROUP,
        "tracking.writer.topic-partitions=3",
        "tracking.writer.flush.batch-size=300",
        "tracking.writer.flush.max-wait=300ms" })
@WithKafka
@WithPostgres
class RestartAndRebalanceIT {

    static final String TOPIC = "it-restart-updates";
    static final String GROUP = "it-restart";

    private final Instant base = Instant.now().minus(Duration.ofHours(1));

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private LocationConsumers consumers;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private BatchWriterProperties properties;

    @Autowired
    private KafkaProperties kafka;

    @Autowired
    private LocationBatchWriter writer;

    @Autowired
    private ConsumerPositions positions;

    @Autowired
    private HistoryPartitions partitions;

    @Autowired
    private WriterMetrics metrics;

    @Autowired
    private DeadLetterPublisher deadLetters;

    @Autowired
    private LivenessPublisher liveness;

    @Test
    void shouldNeitherLoseNorRepeatPingsWhenTheConsumerDiesWithABufferFull() {
        List<String> drivers = drivers(10);
        double duplicatesBefore = duplicates();

        try (Pings pings = new Pings(TOPIC)) {
            pings.send(tracks(drivers, 0, 120));
            // 1200 pings: four flushes of 300 by size, the time trigger is about to flush the rest
            await().atMost(Duration.ofSeconds(30)).until(() -> historyRows(jdbc, drivers) >= 300);
            // both of the instance's consumers die at once, as in a crash
            consumers.loops().forEach(LocationConsumerLoop::abort);
            int storedAtCrash = historyRows(jdbc, drivers);
            pings.send(tracks(drivers, 120, 50));
            assertThat(historyRows(jdbc, drivers)).isEqualTo(storedAtCrash);

            consumers.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> historyRows(jdbc, drivers) == 1700);
            long end = pings.endOffsets();
            await().atMost(Duration.ofSeconds(10)).until(() -> Pings.storedPositions(jdbc, GROUP, TOPIC) == end);
        }
        assertThat(duplicates()).isEqualTo(duplicatesBefore);
    }

    @Test
    void shouldNeitherLoseNorRepeatPingsWhileASecondInstanceJoinsAndLeaves() {
        List<String> drivers = drivers(30);
        double duplicatesBefore = duplicates();
        LocationConsumerLoop second = new LocationConsumerLoop(properties,
                BatchWriterConfiguration.consumers(kafka, properties),
                new LocationRecordDecoder(properties.history().maxFuture().toMillis()), deadLetters, writer,
                positions, partitions, metrics, new WriterState(), liveness, Clock.systemUTC(), "second-instance");

        try (Pings pings = new Pings(TOPIC)) {
            pings.send(tracks(drivers, 0, 50));
            second.start();
            for (int round = 1; round <= 5; round++) {
                pings.send(tracks(drivers, round * 50, 50));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> historyRows(jdbc, drivers) == 30 * 300);
            second.stop();
            pings.send(tracks(drivers, 300, 20));
            await().atMost(Duration.ofSeconds(60)).until(() -> historyRows(jdbc, drivers) == 30 * 320);
            long end = pings.endOffsets();
            await().atMost(Duration.ofSeconds(10)).until(() -> Pings.storedPositions(jdbc, GROUP, TOPIC) == end);
        } finally {
            second.stop();
        }
        assertThat(duplicates()).isEqualTo(duplicatesBefore);
    }

    private double duplicates() {
        return meters.get("tracking.writer.pings.duplicate").counter().count();
    }

    private static List<String> drivers(int count) {
        List<String> drivers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            drivers.add(newDriverId());
        }
        return drivers;
    }

    /** Per driver, pings number {@code from} to {@code from + count - 1} of a one-ping-per-second track. */
    private List<LocationUpdate> tracks(List<String> drivers, int from, int count) {
        List<LocationUpdate> updates = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            for (String driver : drivers) {
                updates.add(Pings.ping(driver, base.plusSeconds(i)));
            }
        }
        return updates;
    }
}
