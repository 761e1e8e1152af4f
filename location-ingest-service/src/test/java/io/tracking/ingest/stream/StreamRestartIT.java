package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.tracking.ingest.Api;
import io.tracking.ingest.LocationIngestApplication;
import io.tracking.ingest.TopicProbe;
import io.tracking.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * A service restart under an open connection: graceful shutdown answers what it read, closes with 1001, and the app
 * sends what was not answered to the next instance. Pings are identified by (driverId, recordedAt): the same ping
 * sent twice may be on the topic twice (at-least-once), and the batch writer stores it once (its upsert on that key;
 * proven in the writer's own tests), so here the topic must hold every ping at least once and nothing else. On both
 * transports.
 */
class StreamRestartIT {

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LocationIngestApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "--tracking.security.jwt.secret=" + Api.SECRET,
                "--tracking.ingest.publish-timeout=15s",
                "--" + StreamTransport.NETTY_ON);
    }

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldAnswerWhatWasReadCloseWith1001AndStoreEveryResentPingOnce(StreamTransport transport) throws Exception {
        String driverId = "driver-" + UUID.randomUUID();
        String token = Api.driverToken(driverId);
        Instant base = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
        List<Long> all = LongStream.rangeClosed(1, 40).boxed().toList();

        ConfigurableApplicationContext first = start();
        List<Long> unanswered;
        List<Long> answered;
        try (StreamClient client = StreamClient.connect(transport.port(first), token)) {
            client.sendNow(LocationStreamIT.frame(1, driverId, base.plusMillis(1)));
            assertThat(client.awaitAnswer(1).get("status").asInt()).isEqualTo(202);
            for (long seq : all.subList(1, all.size())) {
                client.send(LocationStreamIT.frame(seq, driverId, base.plusMillis(seq)));
            }
            // shut down while frames are in flight
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(first::close);

            StreamClient.Closed closed = client.awaitClose(Duration.ofSeconds(30));
            shutdown.get(60, TimeUnit.SECONDS);

            assertThat(closed.code()).isEqualTo(1001);
            // every answer that arrived is a success: what was read was answered before the close
            assertThat(client.answers()).allSatisfy(a -> assertThat(a.get("status").asInt()).isEqualTo(202));
            answered = client.answers().stream().map(a -> a.get("seq").asLong()).toList();
            unanswered = all.stream().filter(seq -> !answered.contains(seq)).toList();
        } finally {
            first.close();
        }

        ConfigurableApplicationContext second = start();
        try (StreamClient client = StreamClient.connect(transport.port(second), token)) {
            // first one that was answered (the app cannot always know), again under a new seq until a 202: a fresh
            // instance answers 503 while its producer still fetches the topic's metadata, and an app resends on 503
            AtomicLong retrySeq = new AtomicLong(1_000);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long seq = retrySeq.incrementAndGet();
                client.sendNow(LocationStreamIT.frame(seq, driverId, base.plusMillis(1)));
                return client.awaitAnswer(seq).get("status").asInt() == 202;
            });
            // then the unanswered ones: all accepted
            List<Long> resend = new ArrayList<>(unanswered);
            for (long seq : resend) {
                client.send(LocationStreamIT.frame(seq, driverId, base.plusMillis(seq)));
            }
            for (long seq : resend) {
                JsonNode answer = client.awaitAnswer(seq);
                assertThat(answer.get("status").asInt()).isEqualTo(202);
            }
        } finally {
            second.close();
        }

        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafkaBootstrapServers())) {
            Set<String> expected = all.stream().map(seq -> base.plusMillis(seq).toString()).collect(Collectors.toSet());
            List<ConsumerRecord<String, String>> records = probe.awaitRecords(driverId,
                    r -> recordedAts(r).containsAll(expected));
            // each ping at least once, nothing else: the writer's (driverId, recordedAt) key collapses the repeats
            assertThat(recordedAts(records)).isEqualTo(expected);
            assertThat(records.size()).isGreaterThanOrEqualTo(all.size() + 1);
        }
    }

    private static Set<String> recordedAts(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> Api.json(r.value()).get("recordedAt").asString())
                .collect(Collectors.toSet());
    }
}
