package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.auth.DevTokens;
import io.tracking.ingest.Api;
import io.tracking.ingest.TopicProbe;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.testsupport.WithKafka;
import tools.jackson.databind.JsonNode;

/** The WebSocket ingest against the shared real broker, through the JDK's WebSocket client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        // behaviour, not deadlines: a busy machine may need longer for the first acks of a fresh topic
        "tracking.ingest.publish-timeout=15s",
        "tracking.ingest.stream.max-unacknowledged-frames=" + LocationStreamIT.BOUND })
@WithKafka
class LocationStreamIT {

    static final int BOUND = 4;

    private static final String VALIDATION = "https://tracking.example/problems/validation";

    private static TopicProbe probe;

    @LocalServerPort
    int port;

    @Autowired
    StreamConnections connections;

    @Autowired
    MeterRegistry registry;

    final String driverId = "driver-" + UUID.randomUUID();
    final String token = Api.driverToken(driverId);

    /** After the service started: it creates the topic, and the probe reads its partitions once. */
    @BeforeEach
    void openProbe() {
        if (probe == null) {
            probe = new TopicProbe(TestInfrastructure.kafkaBootstrapServers());
        }
    }

    @AfterAll
    static void closeProbe() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }

    static String ping(String driverId, Instant recordedAt) {
        return """
                {"driverId":"%s","latitude":12.97,"longitude":77.59,"recordedAt":"%s"}""".formatted(driverId, recordedAt);
    }

    static String frame(long seq, String driverId, Instant recordedAt) {
        return "{\"seq\":" + seq + "," + ping(driverId, recordedAt).substring(1);
    }

    static Instant recently(int secondsAgo) {
        return Instant.now().minusSeconds(secondsAgo).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void shouldAnswer202OnlyOnceTheRecordIsOnTheTopic() {
        Instant recordedAt = recently(5);
        try (StreamClient client = StreamClient.connect(port, token)) {
            client.sendNow(frame(1, driverId, recordedAt));

            JsonNode answer = client.awaitAnswer(1);

            assertThat(answer.get("status").asInt()).isEqualTo(202);
            assertThat(answer.get("driverId").asString()).isEqualTo(driverId);
            assertThat(Instant.parse(answer.get("recordedAt").asString())).isEqualTo(recordedAt);
            // acknowledged with acks=all: a consumer finds it
            List<ConsumerRecord<String, String>> records = probe.awaitCount(driverId, 1);
            assertThat(records).hasSize(1);
            assertThat(records.get(0).value()).contains(recordedAt.toString());
        }
    }

    @Test
    void shouldAnswerBatchesPerItemAndRefuseBrokenFramesWithTheRestVocabulary() {
        try (StreamClient client = StreamClient.connect(port, token)) {
            client.sendNow("{\"seq\":10,\"pings\":[" + ping(driverId, recently(9)) + ","
                    + ping(driverId, recently(8)).replace("12.97", "91") + "]}");
            client.sendNow(frame(11, driverId, recently(7)).replace("77.59", "\"east\""));
            client.sendNow("{\"seq\":12,\"driverId\":");
            client.sendNow(ping(driverId, recently(6)));
            client.sendNow("{\"seq\":13,\"pings\":[" + ping(driverId, recently(5)) + "],\"driverId\":\"x\"}");

            JsonNode partly = client.awaitAnswer(10);
            assertThat(partly.get("status").asInt()).isEqualTo(207);
            assertThat(partly.get("accepted").asInt()).isEqualTo(1);
            assertThat(partly.get("results").get(0).get("status").asString()).isEqualTo("accepted");
            JsonNode rejected = partly.get("results").get(1);
            assertThat(rejected.get("status").asString()).isEqualTo("rejected");
            assertThat(rejected.get("errors").get(0).get("field").asString()).isEqualTo("latitude");
            assertThat(rejected.get("errors").get(0).get("rule").asString()).isEqualTo("range");

            JsonNode wrongType = client.awaitAnswer(11);
            assertThat(wrongType.get("status").asInt()).isEqualTo(400);
            assertThat(wrongType.get("type").asString()).isEqualTo(VALIDATION);
            assertThat(wrongType.get("errors").get(0).get("field").asString()).isEqualTo("longitude");
            assertThat(wrongType.get("errors").get(0).get("rule").asString()).isEqualTo("type");

            JsonNode truncated = client.awaitAnswer(12);
            assertThat(truncated.get("status").asInt()).isEqualTo(400);
            assertThat(truncated.get("errors").get(0).get("rule").asString()).isEqualTo("syntax");

            await().atMost(Duration.ofSeconds(30)).until(() -> client.answers().size() == 5);
            JsonNode noSeq = client.answers().stream().filter(a -> a.get("seq").isNull()).findFirst().orElseThrow();
            assertThat(noSeq.get("status").asInt()).isEqualTo(400);
            assertThat(noSeq.get("errors").get(0).get("field").asString()).isEqualTo("seq");
            assertThat(noSeq.get("errors").get(0).get("rule").asString()).isEqualTo("required");

            JsonNode mixed = client.awaitAnswer(13);
            assertThat(mixed.get("status").asInt()).isEqualTo(400);
            assertThat(mixed.get("errors").get(0).get("rule").asString()).isEqualTo("unknown");

            // nothing but the one valid ping of frame 10 was published: a marker behind it proves it
            client.sendNow(frame(14, driverId, recently(1)));
            assertThat(client.awaitAnswer(14).get("status").asInt()).isEqualTo(202);
            assertThat(probe.awaitCount(driverId, 2)).hasSize(2);
        }
    }

    @Test
    void shouldRefuseAFrameForAnotherDriverWith403AndKeepTheConnection() {
        try (StreamClient client = StreamClient.connect(port, token)) {
            client.sendNow(frame(1, "driver-someone-else", recently(3)));
            client.sendNow("{\"seq\":2,\"pings\":[" + ping(driverId, recently(3)) + ","
                    + ping("driver-someone-else", recently(2)) + "]}");
            client.sendNow(frame(3, driverId, recently(1)));

            JsonNode single = client.awaitAnswer(1);
            assertThat(single.get("status").asInt()).isEqualTo(403);
            assertThat(single.get("type").asString()).isEqualTo("https://tracking.example/problems/forbidden");
            JsonNode batch = client.awaitAnswer(2);
            assertThat(batch.get("status").asInt()).isEqualTo(403);
            assertThat(batch.get("detail").asString()).contains("pings[1]");
            assertThat(client.awaitAnswer(3).get("status").asInt()).isEqualTo(202);
            // only frame 3 reached the topic
            assertThat(probe.awaitCount(driverId, 1)).hasSize(1);
        }
    }

    @Test
    void shouldRefuseTheHandshakeWithoutADriverToken() {
        String customer = DevTokens.mint(Api.SECRET, "someone", List.of("customer"), Duration.ofMinutes(5));

        assertThatThrownBy(() -> StreamClient.connect(port, "not-a-token"))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
        assertThatThrownBy(() -> StreamClient.connect(port, customer))
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @Test
    void shouldCloseWith1008WhenTheTokenExpires() {
        String shortLived = DevTokens.mint(Api.SECRET, driverId, List.of("driver"), Duration.ofSeconds(3));
        try (StreamClient client = StreamClient.connect(port, shortLived)) {
            client.sendNow(frame(1, driverId, recently(1)));
            assertThat(client.awaitAnswer(1).get("status").asInt()).isEqualTo(202);

            StreamClient.Closed closed = client.awaitClose(Duration.ofSeconds(20));

            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("token expired");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> connections.connectionsOf(driverId).isEmpty());
    }

    @Test
    void shouldCloseAConnectionBeyondTheLimitPerDriver() {
        try (StreamClient first = StreamClient.connect(port, token);
                StreamClient second = StreamClient.connect(port, token);
                StreamClient third = StreamClient.connect(port, token)) {
            StreamClient.Closed closed = third.awaitClose(Duration.ofSeconds(20));

            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).contains("connections per driver");
            assertThat(first.isClosed()).isFalse();
            assertThat(second.isClosed()).isFalse();
            assertThat(connections.connectionsOf(driverId)).hasSize(2);
            assertThat(registry.get("tracking.ingest.stream.connections").gauge().value()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldStopReadingAtTheBoundOfUnansweredFramesAndResume() {
        int frames = 300;
        double suspensionsBefore = registry.get("tracking.ingest.stream.read.suspensions").counter().count();
        Instant start = recently(60);
        try (StreamClient client = StreamClient.connect(port, token, false)) {
            // flood without reading a single answer
            IntStream.range(0, frames).forEach(i -> client.send(frame(i, driverId, start.plusMillis(i))));
            await().atMost(Duration.ofSeconds(30)).until(() -> connections.connectionsOf(driverId).size() == 1);
            DriverConnection connection = connections.connectionsOf(driverId).get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("tracking.ingest.stream.read.suspensions")
                    .counter().count() > suspensionsBefore);

            client.readAnswers();

            await().atMost(Duration.ofSeconds(60)).until(() -> client.answers().size() == frames);
            assertThat(client.answers()).allSatisfy(a -> assertThat(a.get("status").asInt()).isEqualTo(202));
            assertThat(client.answers()).extracting(a -> a.get("seq").asLong()).doesNotHaveDuplicates();
            // the server never held more than the bound of this connection's frames at once
            assertThat(connection.mostUnacknowledged()).isEqualTo(BOUND);
            assertThat(connection.unacknowledged()).isZero();
            assertThat(connection.readingSuspended()).isFalse();
            assertThat(probe.awaitCount(driverId, frames)).hasSize(frames);
        }
    }
}
