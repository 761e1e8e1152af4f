package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.ServiceProcess;

/**
 * The query service measures the batch writer's lag from the writer's stored positions and the topic, so it shows
 * while the writer is down: {@code tracking_query_writer_lag_records} and {@code ..._seconds} rise above zero while
 * pings keep coming, and fall back to zero once the writer is back and has stored them.
 */
class WriterLagIT {

    private static final String RECORDS = "tracking_query_writer_lag_records";
    private static final String SECONDS = "tracking_query_writer_lag_seconds";
    private static final String MEASURED = "tracking_query_writer_lag_measured";
    private static final Duration PING_EVERY = Duration.ofMillis(100);

    private final LocalStack stack = SystemStack.get();
    private final String prefix = "lag-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicInteger sent = new AtomicInteger();

    @Test
    void shouldShowTheLagRiseWhileTheWriterIsDownAndFallBackOnceItIsBack() throws Exception {
        ServiceProcess query = stack.query();
        try (KafkaProducer<String, byte[]> producer = Pings.producer(stack.kafka().bootstrapServers());
                Connection db = SystemStack.openDatabase()) {
            for (int i = 0; i < 20; i++) {
                send(producer);
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pings.historyRows(db, prefix) == sent.get());
            // the measurement runs every 5 s
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> PrometheusScrape.valueOrNaN(query, RECORDS) == 0
                            && PrometheusScrape.valueOrNaN(query, SECONDS) == 0);

            stack.writer().stop();
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            try {
                sender.scheduleAtFixedRate(() -> send(producer), 0, PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> PrometheusScrape.valueOrNaN(query, RECORDS) >= 20
                                && PrometheusScrape.valueOrNaN(query, SECONDS) >= 3);
                assertThat(PrometheusScrape.value(query, MEASURED)).as("measured with the writer down")
                        .hasValue(1.0);
                double seconds = PrometheusScrape.valueOrNaN(query, SECONDS);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(PrometheusScrape.valueOrNaN(query, SECONDS))
                                .as("still rising").isGreaterThan(seconds));
            } finally {
                sender.shutdownNow();
                sender.awaitTermination(10, TimeUnit.SECONDS);
                stack.writer().start();
            }
            producer.flush();

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pings.historyRows(db, prefix) == sent.get());
            // a measurement that started before the last pings were stored may still show them: await the next
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> PrometheusScrape.valueOrNaN(query, RECORDS) == 0
                            && PrometheusScrape.valueOrNaN(query, SECONDS) == 0);
            assertThat(PrometheusScrape.value(query, MEASURED)).hasValue(1.0);
        }
    }

    private void send(KafkaProducer<String, byte[]> producer) {
        Instant now = Instant.now();
        int n = sent.getAndIncrement();
        Pings.send(producer, new LocationUpdate(prefix + n, 12.9 + n * 1e-5, 77.5, Pings.millis(now),
                now, 5.0, 0.0, 0.0));
    }
}
