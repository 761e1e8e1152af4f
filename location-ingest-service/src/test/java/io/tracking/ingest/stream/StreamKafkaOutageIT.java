package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.tracking.ingest.Api;
import tools.jackson.databind.JsonNode;

/**
 * The broker stops under an open connection: frames are answered 503 within the publish timeout and the connection
 * stays open, on both transports at once. Against a broker of its own, which the test stops for good (the shared one
 * must stay up).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        StreamTransport.NETTY_ON })
class StreamKafkaOutageIT {

    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    private static volatile boolean brokerUp = true;

    @Autowired
    ApplicationContext context;

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
        Instant start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        Map<StreamTransport, String> drivers = new EnumMap<>(StreamTransport.class);
        Map<StreamTransport, StreamClient> clients = new EnumMap<>(StreamTransport.class);
        try {
            for (StreamTransport transport : StreamTransport.values()) {
                String driverId = "driver-" + UUID.randomUUID();
                drivers.put(transport, driverId);
                clients.put(transport, StreamClient.connect(transport.port(context), Api.driverToken(driverId)));
            }
            // the first publish also waits for the topic's leader; a busy machine may need more than one try
            long[] seq = { 0 };
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                seq[0]++;
                boolean accepted = true;
                for (StreamTransport transport : StreamTransport.values()) {
                    StreamClient client = clients.get(transport);
                    client.sendNow(LocationStreamIT.frame(seq[0], drivers.get(transport), start.plusMillis(seq[0])));
                    accepted &= client.awaitAnswer(seq[0], Duration.ofSeconds(10)).get("status").asInt() == 202;
                }
                return accepted;
            });

            BROKER.destroy();
            brokerUp = false;

            long sentAt = System.nanoTime();
            for (StreamTransport transport : StreamTransport.values()) {
                StreamClient client = clients.get(transport);
                String driverId = drivers.get(transport);
                client.sendNow(LocationStreamIT.frame(1000, driverId, start.plusSeconds(1)));
                client.sendNow("{\"seq\":1001,\"pings\":[" + LocationStreamIT.ping(driverId, start.plusSeconds(2))
                        + "]}");
            }
            for (StreamClient client : clients.values()) {
                JsonNode single = client.awaitAnswer(1000, Duration.ofSeconds(20));
                JsonNode batch = client.awaitAnswer(1001, Duration.ofSeconds(20));
                for (JsonNode answer : new JsonNode[] { single, batch }) {
                    assertThat(answer.get("status").asInt()).isEqualTo(503);
                    assertThat(answer.get("type").asString())
                            .isEqualTo("https://tracking.example/problems/unavailable");
                    assertThat(answer.get("retryAfter").asInt()).isEqualTo(1);
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - sentAt);
            // the publish timeout is 2 s; the rest is scheduling on a busy shared machine
            assertThat(elapsed).isLessThan(Duration.ofSeconds(10));

            // each connection is still there: it answers a ping and the next frame
            for (StreamTransport transport : StreamTransport.values()) {
                StreamClient client = clients.get(transport);
                int pongs = client.pongs();
                client.sendPing();
                await().atMost(Duration.ofSeconds(10)).until(() -> client.pongs() > pongs);
                client.sendNow(LocationStreamIT.frame(1002, drivers.get(transport), start.plusSeconds(3)));
                assertThat(client.awaitAnswer(1002, Duration.ofSeconds(20)).get("status").asInt()).isEqualTo(503);
                assertThat(client.isClosed()).as(transport.name()).isFalse();
            }
        } finally {
            clients.values().forEach(StreamClient::close);
        }
    }
}
