package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.auth.DevTokens;
import io.tracking.ingest.Api;
import io.tracking.ingest.TopicProbe;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.testsupport.WithKafka;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket ingest against the shared real broker, through the JDK's WebSocket client: every scenario on Tomcat
 * and on the Netty server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        // behaviour, not deadlines: a busy machine may need longer for the first acks of a fresh topic
        "tracking.ingest.publish-timeout=15s",
        "tracking.ingest.stream.max-unacknowledged-frames=" + LocationStreamIT.BOUND,
        StreamTransport.NETTY_ON })
@WithKafka
class LocationStreamIT {

    static final int BOUND = 4;

    private static final String VALIDATION = "https://tracking.example/problems/validation";

    private static TopicProbe probe;

    @Autowired
    ApplicationContext context;

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

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldAnswer202OnlyOnceTheRecordIsOnTheTopic(StreamTransport transport) {
        Instant recordedAt = recently(5);
        try (StreamClient client = StreamClient.connect(transport.port(context), token)) {
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

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldAnswerBatchesPerItemAndRefuseBrokenFramesWithTheRestVocabulary(StreamTransport transport) {
        try (StreamClient client = StreamClient.connect(transport.port(context), token)) {
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

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldRefuseAFrameForAnotherDriverWith403AndKeepTheConnection(StreamTransport transport) {
        try (StreamClient client = StreamClient.connect(transport.port(context), token)) {
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

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldRefuseTheHandshakeWithoutADriverToken(StreamTransport transport) {
        String customer = DevTokens.mint(Api.SECRET, "someone", List.of("customer"), Duration.ofMinutes(5));

        assertThatThrownBy(() -> StreamClient.connect(transport.port(context), "not-a-token"))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
        assertThatThrownBy(() -> StreamClient.connect(transport.port(context), customer))
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldCloseWith1008WhenTheTokenExpires(StreamTransport transport) {
        String shortLived = DevTokens.mint(Api.SECRET, driverId, List.of("driver"), Duration.ofSeconds(3));
        try (StreamClient client = StreamClient.connect(transport.port(context), shortLived)) {
            client.sendNow(frame(1, driverId, recently(1)));
            assertThat(client.awaitAnswer(1).get("status").asInt()).isEqualTo(202);

            StreamClient.Closed closed = client.awaitClose(Duration.ofSeconds(20));

            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("token expired");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> connections.connectionsOf(driverId).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldCloseAConnectionBeyondTheLimitPerDriver(StreamTransport transport) {
        try (StreamClient first = StreamClient.connect(transport.port(context), token);
                StreamClient second = StreamClient.connect(transport.port(context), token);
                StreamClient third = StreamClient.connect(transport.port(context), token)) {
            StreamClient.Closed closed = third.awaitClose(Duration.ofSeconds(20));

            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).contains("connections per driver");
            assertThat(first.isClosed()).isFalse();
            assertThat(second.isClosed()).isFalse();
            assertThat(connections.connectionsOf(driverId)).hasSize(2);
            assertThat(registry.get("tracking.ingest.stream.connections").gauge().value()).isGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldStopReadingAtTheBoundOfUnansweredFramesAndResume(StreamTransport transport) {
        int frames = 300;
        double suspensionsBefore = registry.get("tracking.ingest.stream.read.suspensions").counter().count();
        Instant start = recently(60);
        try (StreamClient client = StreamClient.connect(transport.port(context), token, false)) {
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

    @Test
    void shouldCountTheLimitPerDriverOverBothTransports() {
        try (StreamClient onTomcat = StreamClient.connect(StreamTransport.TOMCAT.port(context), token);
                StreamClient onNetty = StreamClient.connect(StreamTransport.NETTY.port(context), token);
                StreamClient third = StreamClient.connect(StreamTransport.NETTY.port(context), token)) {
            StreamClient.Closed closed = third.awaitClose(Duration.ofSeconds(20));

            assertThat(closed.code()).isEqualTo(1008);
            assertThat(onTomcat.isClosed()).isFalse();
            assertThat(onNetty.isClosed()).isFalse();
            assertThat(connections.connectionsOf(driverId)).hasSize(2);
        }
    }

    /** What Tomcat's security chain and Spring's handshake answer, the Netty server answers alike. */
    @Test
    void shouldRefuseOnNettyWhatIsNotADriversUpgradeWithProblems() {
        Api netty = new Api(StreamTransport.NETTY.port(context));
        String customer = DevTokens.mint(Api.SECRET, "someone", List.of("customer"), Duration.ofMinutes(5));

        Api.Response noToken = netty.get(StreamConfiguration.PATH, null);
        Api.Response badToken = netty.get(StreamConfiguration.PATH, token + "x");
        Api.Response notDriver = netty.get(StreamConfiguration.PATH, customer);
        Api.Response notUpgrade = netty.get(StreamConfiguration.PATH, token);
        Api.Response elsewhere = netty.get("/api/v1/locations", token);
        Api.Response delete = netty.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + StreamTransport.NETTY.port(context) + StreamConfiguration.PATH))
                .DELETE(), token);

        assertProblem(noToken, 401, "https://tracking.example/problems/unauthorized");
        assertThat(noToken.json().get("detail").asString()).isEqualTo("A bearer token is required.");
        assertProblem(badToken, 401, "https://tracking.example/problems/unauthorized");
        assertThat(badToken.body()).doesNotContain(token);
        assertProblem(notDriver, 403, "https://tracking.example/problems/forbidden");
        assertProblem(notUpgrade, 400, "https://tracking.example/problems/bad-request");
        assertProblem(elsewhere, 404, "https://tracking.example/problems/not-found");
        assertProblem(delete, 405, "https://tracking.example/problems/method-not-allowed");
    }

    private static void assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("type").asString()).isEqualTo(type);
    }
}
