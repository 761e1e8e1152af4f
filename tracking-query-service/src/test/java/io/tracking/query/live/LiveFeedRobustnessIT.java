package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tracking.contract.Topics;
import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;
import io.tracking.query.support.SseClient;
import io.tracking.testsupport.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any bytes on the location topic, against the real broker: records that no producer of ours would write,
 * interleaved with good pings of a watched driver. The reader must live on, push exactly the good pings, and count
 * what it skipped by reason; liveness and readiness stay UP.
 */
class LiveFeedRobustnessIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaProducer<byte[], byte[]> producer;

    private final String driverId = id("driver");
    private final String otherDriverId = id("other-driver");
    /** Set once the streams are open: a stream shows nothing its driver recorded before the order had it. */
    private Instant base = Instant.now();
    private final List<SseClient> clients = new ArrayList<>();
    private int partition = -1;

    @BeforeAll
    static void startProducer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    @AfterAll
    static void stopProducer() {
        producer.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
    }

    @Test
    void shouldSurviveAnyBytesOnTheTopicAndPushOnlyTheGoodPings() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> management.get("/actuator/health/readiness", null).status() == 200);
        SseClient watched = stream(driverId);
        SseClient other = stream(otherDriverId);
        double restarts = metric("tracking.query.live.reader.restarts");
        Map<String, Double> before = rejections();
        base = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        good(1);
        send(bytes(driverId), json(ping(driverId, 90, quoted(base.toString()), "\"+300000000-01-01T00:00:00Z\"")));
        good(2);
        send(bytes(driverId), json(ping(driverId, 90, quoted(base.toString()), "\"-5000-01-01T00:00:00Z\"")));
        send(bytes(driverId), json(ping(driverId, 90, "9300000000000000", quoted(base.toString()))));
        // a valid position of the watched driver, but no key: the writer dead-letters it, so nobody may see it
        send(null, json(ping(driverId, 66)));
        send(new byte[0], json(ping(driverId, 66)));
        good(3);
        // keyed by the watched driver, about another one that is watched too
        send(bytes(driverId), json(ping(otherDriverId, 77)));
        send(bytes(otherDriverId), json(ping(driverId, 77)));
        send(bytes("not a driver id!"), json(ping(driverId, 66)));
        byte[] random = new byte[2048];
        new Random(7).nextBytes(random);
        send(bytes(driverId), random);
        String whole = ping(driverId, 90);
        send(bytes(driverId), json(whole.substring(0, whole.length() / 2)));
        byte[] huge = new byte[512 * 1024];
        Arrays.fill(huge, (byte) '[');
        send(bytes(driverId), huge);
        send(bytes(driverId), null);
        good(4, new RecordHeader("odd", null), new RecordHeader("odd", new byte[] { (byte) 0xff, 0, 1 }),
                new RecordHeader("", new byte[10_000]), new RecordHeader("\u0000\uffff", bytes("x")));
        send(bytes(driverId), random, new RecordHeader("traceparent", random));
        good(5);

        // the last good ping, or anything recorded later (every bad one is), ends the wait
        await().atMost(WAIT).until(() -> latitudes(watched).stream().anyMatch(latitude -> latitude >= 5.0));
        assertThat(latitudes(watched)).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(latitudes(other)).as("a position under another driver's key is never pushed").isEmpty();

        Map<String, Double> after = rejections();
        assertThat(after.get("invalid") - before.get("invalid")).isGreaterThanOrEqualTo(3);
        assertThat(after.get("missing-key") - before.get("missing-key")).isGreaterThanOrEqualTo(2);
        assertThat(after.get("invalid-key") - before.get("invalid-key")).isGreaterThanOrEqualTo(1);
        assertThat(after.get("key-mismatch") - before.get("key-mismatch")).isGreaterThanOrEqualTo(1);
        assertThat(after.get("undecodable") - before.get("undecodable")).isGreaterThanOrEqualTo(5);
        assertThat(after.get("failed") - before.get("failed")).isZero();

        assertThat(metric("tracking.query.live.reader.restarts")).as("the reader never ended").isEqualTo(restarts);
        assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);

        // and it goes on reading
        good(6);
        await().atMost(WAIT).until(() -> latitudes(watched).contains(6.0));
    }

    private SseClient stream(String driver) {
        String orderId = id("order");
        String customerId = id("customer");
        Api.Response response = api.put("/api/v1/orders/" + orderId, dispatch(),
                Api.json(Orders.body(driver, customerId, id("restaurant"), "ASSIGNED")));
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        SseClient client = SseClient.open(api.uri("/api/v1/orders/" + orderId + "/tracking/stream"),
                token(customerId, "customer"), null);
        clients.add(client);
        assertThat(client.status()).as(client.errorBody()).isEqualTo(200);
        // the first event is the status; the subscription exists from then on
        await().atMost(WAIT).until(() -> !client.events("order-status").isEmpty());
        return client;
    }

    private void good(int latitude, Header... headers) {
        send(bytes(driverId), json(ping(driverId, latitude)), headers);
    }

    /** A ping as the ingest service publishes it, recorded {@code latitude} seconds after the test's base. */
    private String ping(String driver, int latitude) {
        return ping(driver, latitude, quoted(base.plusSeconds(latitude).toString()), quoted(Instant.now().toString()));
    }

    private static String ping(String driver, int latitude, String recordedAt, String receivedAt) {
        return "{\"driverId\":\"" + driver + "\",\"latitude\":" + latitude + ",\"longitude\":10.0,\"recordedAt\":"
                + recordedAt + ",\"receivedAt\":" + receivedAt + ",\"speedMps\":3.5}";
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** Sends to the watched driver's partition, so that every record is read in the order sent. */
    private void send(byte @Nullable [] key, byte @Nullable [] value, Header... headers) {
        if (partition < 0) {
            partition = sendTo(null, key, value, headers);
        } else {
            sendTo(partition, key, value, headers);
        }
    }

    private static int sendTo(@Nullable Integer partition, byte @Nullable [] key, byte @Nullable [] value,
            Header... headers) {
        try {
            return producer.send(new ProducerRecord<>(Topics.LOCATION_UPDATES, partition, key, value,
                    List.of(headers))).get(10, TimeUnit.SECONDS).partition();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(String text) {
        return bytes(text);
    }

    private static List<Double> latitudes(SseClient client) {
        return client.events("location").stream()
                .map(event -> JSON.readTree(event.data()).get("latitude").asDouble())
                .toList();
    }

    private Map<String, Double> rejections() {
        Map<String, Double> counts = new HashMap<>();
        for (String reason : List.of("missing-key", "invalid-key", "undecodable", "invalid", "key-mismatch",
                "failed")) {
            counts.put(reason, metric("tracking.query.live.records?tag=outcome:rejected&tag=reason:" + reason));
        }
        return counts;
    }

    private double metric(String name) {
        Api.Response response = management.get("/actuator/metrics/" + name, null);
        assertThat(response.status()).as(name).isEqualTo(200);
        return response.json().get("measurements").get(0).get("value").asDouble();
    }
}
