package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.PostgresNode;

/** PostgreSQL goes away for 20 s in the middle of a load: the writer waits, says so, and loses nothing. */
class PostgresOutageIT {

    private static final int DRIVERS = 500;
    private static final int ROUNDS = 60;
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    private final LocalStack stack = SystemStack.get();
    private final String prefix = "pg-outage-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Instant base = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void shouldStoreEveryPingSentWhilePostgresWasDown() throws Exception {
        PostgresNode postgres = stack.postgres();
        assertThat(postgres).as("these tests run the embedded PostgreSQL").isNotNull();

        CompletableFuture<Void> load = CompletableFuture.runAsync(this::sendOneRoundPerSecond);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection db = SystemStack.openDatabase()) {
                return Pings.historyRows(db, prefix) > 0;
            }
        });

        postgres.stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> !stack.writer().isReady());
        TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis()); // the outage itself, not a synchronisation
        postgres.start();
        await().atMost(Duration.ofSeconds(60)).until(stack.writer()::isReady);

        load.get(2, TimeUnit.MINUTES);
        try (Connection db = SystemStack.openDatabase()) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pings.historyRows(db, prefix) >= (long) DRIVERS * ROUNDS);
            assertThat(Pings.historyRows(db, prefix)).isEqualTo((long) DRIVERS * ROUNDS);
            assertThat(Pings.latest(db, prefix)).hasSize(DRIVERS).allSatisfy((driverId, latest) ->
                    assertThat(latest.recordedAt()).isEqualTo(recordedAt(ROUNDS - 1)));
        }
    }

    private void sendOneRoundPerSecond() {
        try (KafkaProducer<String, byte[]> producer = Pings.producer(stack.kafka().bootstrapServers())) {
            for (int round = 0; round < ROUNDS; round++) {
                long roundStart = System.nanoTime();
                for (int d = 0; d < DRIVERS; d++) {
                    Pings.send(producer, new LocationUpdate(prefix + d, 28.6 + d * 1e-4, 77.2 + round * 1e-4,
                            recordedAt(round), Instant.now(), null, null, null));
                }
                producer.flush();
                long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - roundStart);
                if (rest > 0) {
                    TimeUnit.NANOSECONDS.sleep(rest); // one round a second: pacing, not synchronisation
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Instant recordedAt(int round) {
        return base.plusSeconds(round);
    }
}
