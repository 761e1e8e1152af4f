package io.tracking.writer.batch;

import static io.tracking.writer.batch.Pings.historyRows;
import static io.tracking.writer.batch.Pings.newDriverId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.WithKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A database outage in the middle of a load: this class runs its own PostgreSQL on a fixed port and data
 * directory, stops it, and starts it again on the same port and directory (the data survives).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.writer.topic=" + DatabaseOutageIT.TOPIC,
        "tracking.writer.dead-letter-topic=" + DatabaseOutageIT.TOPIC + ".DLT",
        "tracking.writer.group-id=it-outage",
        "tracking.writer.topic-partitions=3",
        "tracking.writer.flush.batch-size=200",
        "tracking.writer.flush.max-wait=200ms",
        "tracking.writer.flush.shutdown-timeout=1s",
        "tracking.writer.retry.max-backoff=1s",
        "spring.datasource.hikari.connection-timeout=1000",
        "spring.datasource.hikari.validation-timeout=500" })
@WithKafka
@DirtiesContext
class DatabaseOutageIT {

    static final String TOPIC = "it-outage-updates";

    private static final Path DATA_DIRECTORY = dataDirectory();
    private static final int PORT = freePort();
    private static EmbeddedPostgres postgres = startPostgres();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + PORT + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Test
    void shouldKeepItsBatchThroughAnOutageAndResumeByItself() throws IOException {
        List<String> drivers = List.of(newDriverId(), newDriverId(), newDriverId());
        Instant base = Instant.now().minus(Duration.ofHours(1));
        try (Pings pings = new Pings(TOPIC)) {
            pings.send(tracks(drivers, base, 0, 100));
            await().atMost(Duration.ofSeconds(30)).until(() -> historyRows(jdbc, drivers) == 300);
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == Status.UP);

            postgres.close();
            pings.send(tracks(drivers, base, 100, 400));

            await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == Status.DOWN);
            assertThat(meters.get("tracking.writer.flushes").tag("outcome", "failed").counter().count())
                    .isPositive();

            postgres = startPostgres();

            await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == Status.UP);
            await().atMost(Duration.ofSeconds(30)).until(() -> historyRows(jdbc, drivers) == 1500);
            long end = pings.endOffsets();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Pings.storedPositions(jdbc, "it-outage", TOPIC) == end);
        }
        assertThat(meters.get("tracking.writer.pings.duplicate").counter().count()).isZero();
    }

    private Status readiness() {
        return health.healthForPath("readiness").getStatus();
    }

    private static List<LocationUpdate> tracks(List<String> drivers, Instant base, int from, int count) {
        List<LocationUpdate> updates = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            for (String driver : drivers) {
                updates.add(Pings.ping(driver, base.plusSeconds(i)));
            }
        }
        return updates;
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setPort(PORT)
                    .setDataDirectory(DATA_DIRECTORY)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dataDirectory() {
        try {
            return Files.createTempDirectory("outage-it-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
