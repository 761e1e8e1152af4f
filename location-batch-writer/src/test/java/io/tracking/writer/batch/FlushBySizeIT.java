package io.tracking.writer.batch;

import static io.tracking.writer.batch.Pings.historyRows;
import static io.tracking.writer.batch.Pings.newDriverId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.WithKafka;
import io.tracking.testsupport.WithPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.writer.topic=" + FlushBySizeIT.TOPIC,
        "tracking.writer.dead-letter-topic=" + FlushBySizeIT.TOPIC + ".DLT",
        "tracking.writer.group-id=it-flush-by-size",
        "tracking.writer.topic-partitions=3",
        // one consumer: with two, the driver's partition may move between them mid-test, and a revocation
        // writes what the old owner holds, so neither reaches the size on its own (seen under load)
        "tracking.writer.concurrency=1",
        "tracking.writer.flush.batch-size=100",
        "tracking.writer.flush.max-wait=1h",
        "tracking.writer.flush.shutdown-timeout=1s" })
@WithKafka
@WithPostgres
class FlushBySizeIT {

    static final String TOPIC = "it-flush-by-size-updates";

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void shouldFlushAsSoonAsBatchSizeRecordsAreBufferedAndHoldTheRest() {
        String driverId = newDriverId();
        List<LocationUpdate> track = Pings.track(driverId, 150);

        try (Pings pings = new Pings(TOPIC)) {
            // max-wait is an hour: only the size trigger can flush these
            pings.send(track.subList(0, 100));
            await().atMost(Duration.ofSeconds(30)).until(() -> historyRows(jdbc, driverId) == 100);

            pings.send(track.subList(100, 150));
        }

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> historyRows(jdbc, driverId) == 100);
        assertThat(historyRows(jdbc, driverId)).isEqualTo(100);
    }
}
