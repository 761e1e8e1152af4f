package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.tracking.ingest.Api;
import tools.jackson.databind.JsonNode;

/**
 * The broker stops under an open connection: frames are answered 503 within the publish timeout and the connection
 * stays open. Against a broker of its own, which the test stops for good (the shared one must stay up).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0" })
class StreamKafkaOutageIT {

    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    private static volatile boolean brokerUp = true;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @AfterAll
    static void stopBroker() {
        if (brokerUp) {
            BROKER.destroy();
        }
    }

    private static EmbeddedKafkaKraftBroker startBroker() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        kafka.afterPropertiesSet();
        return kafka;
    }

    @Test
    void shouldAnswer503WhileTheBrokerIsDownAndKeepTheConnectionOpen() {
        String driverId = "driver-" + UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        try (StreamClient client = StreamClient.connect(port, Api.driverToken(driverId))) {
            // the first publish also waits for the topic's leader; a busy machine may need more than one try
            long[] seq = { 0 };
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                seq[0]++;
                client.sendNow(LocationStreamIT.frame(seq[0], driverId, start.plusMillis(seq[0])));
                return client.awaitAnswer(seq[0], Duration.ofSeconds(10)).get("status").asInt() == 202;
            });

            BROKER.destroy();
            brokerUp = false;

            long sentAt = System.nanoTime();
            client.sendNow(LocationStreamIT.frame(1000, driverId, start.plusSeconds(1)));
            client.sendNow("{\"seq\":1001,\"pings\":[" + LocationStreamIT.ping(driverId, start.plusSeconds(2)) + "]}");
            JsonNode single = client.awaitAnswer(1000, Duration.ofSeconds(20));
            JsonNode batch = client.awaitAnswer(1001, Duration.ofSeconds(20));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - sentAt);

            for (JsonNode answer : new JsonNode[] { single, batch }) {
                assertThat(answer.get("status").asInt()).isEqualTo(503);
                assertThat(answer.get("type").asString()).isEqualTo("https://tracking.example/problems/unavailable");
                assertThat(answer.get("retryAfter").asInt()).isEqualTo(1);
            }
            // the publish timeout is 2 s; the rest is scheduling on a busy shared machine
            assertThat(elapsed).isLessThan(Duration.ofSeconds(10));

            // the connection is still there: it answers a ping and the next frame
            int pongs = client.pongs();
            client.sendPing();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.pongs() > pongs);
            client.sendNow(LocationStreamIT.frame(1002, driverId, start.plusSeconds(3)));
            assertThat(client.awaitAnswer(1002, Duration.ofSeconds(20)).get("status").asInt()).isEqualTo(503);
            assertThat(client.isClosed()).isFalse();
        }
    }
}
