package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.localstack.LocalStack;

/**
 * The batch writer is killed with SIGKILL three times at random moments while 200,000 pings stream in; afterwards
 * PostgreSQL holds exactly one history row per distinct ping and the newest position of every driver.
 */
class WriterCrashIT {

    private static final int DRIVERS = 2_000;
    private static final int PINGS_PER_DRIVER = 100;
    private static final int RESENT_PINGS = 5_000;
    private static final Duration LOAD_DURATION = Duration.ofSeconds(30);

    private final LocalStack stack = SystemStack.get();
    private final String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Random random = new Random();

    @Test
    void shouldStoreEveryPingOnceAcrossThreeWriterKills() throws Exception {
        List<LocationUpdate> pings = pingsInDriverOrder();
        Map<String, LocationUpdate> newest = newestByDriver(pings);

        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> sendPaced(pings));
        for (int kill = 0; kill < 3; kill++) {
            TimeUnit.MILLISECONDS.sleep(1_000 + random.nextInt(4_000)); // a random moment, not a synchronisation
            stack.writer().kill();
            stack.writer().start();
        }
        load.get(2, TimeUnit.MINUTES);

        try (Connection db = SystemStack.openDatabase()) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pings.historyRows(db, prefix) >= DRIVERS * PINGS_PER_DRIVER);
            assertThat(Pings.historyRows(db, prefix)).isEqualTo((long) DRIVERS * PINGS_PER_DRIVER);

            Map<String, LocationUpdate> latest = Pings.latest(db, prefix);
            assertThat(latest).hasSize(DRIVERS);
            newest.forEach((driverId, expected) -> {
                LocationUpdate stored = latest.get(driverId);
                assertThat(stored.recordedAt()).as(driverId).isEqualTo(expected.recordedAt());
                assertThat(stored.latitude()).as(driverId).isEqualTo(expected.latitude());
                assertThat(stored.longitude()).as(driverId).isEqualTo(expected.longitude());
            });
        }
    }

    /** Each driver's pings in time order, plus some pings a phone sent twice, interleaved across drivers. */
    private List<LocationUpdate> pingsInDriverOrder() {
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        List<LocationUpdate> pings = new ArrayList<>(DRIVERS * PINGS_PER_DRIVER + RESENT_PINGS);
        for (int n = 0; n < PINGS_PER_DRIVER; n++) {
            for (int d = 0; d < DRIVERS; d++) {
                Instant recordedAt = start.plusMillis(n * 2_000L + d);
                pings.add(new LocationUpdate(prefix + d, 12.9 + random.nextDouble() / 10, 77.5 + random.nextDouble() / 10,
                        recordedAt, Instant.now(), 5.0, 10.0, 90.0));
            }
        }
        for (int i = 0; i < RESENT_PINGS; i++) {
            int at = pings.size() / 2 + random.nextInt(pings.size() / 2);
            pings.add(at, pings.get(random.nextInt(at)));
        }
        return pings;
    }

    private static Map<String, LocationUpdate> newestByDriver(List<LocationUpdate> pings) {
        Map<String, LocationUpdate> newest = new HashMap<>();
        for (LocationUpdate ping : pings) {
            newest.merge(ping.driverId(), ping,
                    (a, b) -> a.recordedAt().isAfter(b.recordedAt()) ? a : b);
        }
        return newest;
    }

    private void sendPaced(List<LocationUpdate> pings) {
        long startNanos = System.nanoTime();
        long perPingNanos = LOAD_DURATION.toNanos() / pings.size();
        try (KafkaProducer<String, byte[]> producer = Pings.producer(stack.kafka().bootstrapServers())) {
            for (int i = 0; i < pings.size(); i++) {
                Pings.send(producer, pings.get(i));
                long due = startNanos + i * perPingNanos;
                long ahead = due - System.nanoTime();
                if (ahead > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(ahead); // pacing the load, not synchronising with the system
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
