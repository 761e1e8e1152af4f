package io.tracking.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

import io.tracking.auth.DevTokens;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.testsupport.WithKafka;
import tools.jackson.databind.JsonNode;

/** The service against the shared real broker, called over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        // Behaviour, not deadlines, is tested here (KafkaOutageIT covers the 2 s): a busy CI machine may need
        // longer for the first acks of a fresh topic.
        "tracking.ingest.publish-timeout=15s" })
@WithKafka
class LocationIngestIT {

    private static final String PING = "/api/v1/locations";
    private static final String BATCH = "/api/v1/locations/batch";
    private static final String VALIDATION = "https://tracking.example/problems/validation";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static TopicProbe probe;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    Api api;

    final String driverId = "driver-" + UUID.randomUUID();
    final String token = Api.driverToken(driverId);

    @BeforeEach
    void setUp() {
        api = new Api(port);
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

    static String ping(String driverId, double latitude, double longitude, Instant recordedAt) {
        return """
                {"driverId":"%s","latitude":%s,"longitude":%s,"recordedAt":"%s"}"""
                .formatted(driverId, latitude, longitude, recordedAt);
    }

    static Instant recently(int secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(secondsAgo);
    }

    /** Publishes a marker ping and returns every record of the driver up to and including it. */
    List<ConsumerRecord<String, String>> recordsUpToMarker(String driver, String driverToken) {
        Instant marker = recently(0).plusSeconds(1);
        assertThat(api.post(PING, driverToken, ping(driver, 0, 0, marker)).status()).isEqualTo(202);
        return probe.awaitRecords(driver, records -> records.stream()
                .anyMatch(r -> Api.json(r.value()).get("recordedAt").asString().equals(marker.toString())));
    }

    static void assertRecord(ConsumerRecord<String, String> record, String driver, double latitude,
            double longitude, Instant recordedAt) {
        assertThat(record.key()).isEqualTo(driver);
        JsonNode value = Api.json(record.value());
        assertThat(value.get("driverId").asString()).isEqualTo(driver);
        assertThat(value.get("latitude").asDouble()).isEqualTo(latitude);
        assertThat(value.get("longitude").asDouble()).isEqualTo(longitude);
        assertThat(value.get("recordedAt").asString()).isEqualTo(recordedAt.toString());
        assertThat(record.headers().toArray()).isEmpty();
    }

    @Nested
    @WithKafka // test-support looks for it on the class hierarchy only, not on enclosing classes
    class SinglePing {

        @Test
        void shouldAnswerAcceptedOnlyWithTheRecordOnTheTopicKeyedByDriver() {
            Instant recordedAt = recently(3);
            Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

            Api.Response response = api.post(PING, token, """
                    {"driverId":"%s","latitude":52.520008,"longitude":13.404954,"recordedAt":"%s",
                     "accuracyMeters":4.5,"speedMps":12.25,"headingDegrees":359.5}"""
                    .formatted(driverId, recordedAt));

            assertThat(response.status()).isEqualTo(202);
            JsonNode receipt = response.json();
            assertThat(receipt.get("status").asString()).isEqualTo("accepted");
            assertThat(receipt.get("driverId").asString()).isEqualTo(driverId);
            assertThat(Instant.parse(receipt.get("recordedAt").asString())).isEqualTo(recordedAt);
            assertThat(receipt.has("latitude")).isFalse();

            ConsumerRecord<String, String> record = probe.awaitCount(driverId, 1).get(0);
            assertRecord(record, driverId, 52.520008, 13.404954, recordedAt);
            JsonNode value = Api.json(record.value());
            assertThat(value.get("accuracyMeters").asDouble()).isEqualTo(4.5);
            assertThat(value.get("speedMps").asDouble()).isEqualTo(12.25);
            assertThat(value.get("headingDegrees").asDouble()).isEqualTo(359.5);
            Instant receivedAt = Instant.parse(value.get("receivedAt").asString());
            assertThat(receivedAt).isBetween(before, Instant.now());
        }

        @Test
        void shouldAcceptARepeatedPing() {
            String body = ping(driverId, 1.5, 2.5, recently(10));

            assertThat(api.post(PING, token, body).status()).isEqualTo(202);
            assertThat(api.post(PING, token, body).status()).isEqualTo(202);
        }

        @Test
        void shouldKeepOneDriversPingsInOrderOnOnePartition() {
            List<Instant> times = IntStream.range(0, 5).mapToObj(i -> recently(60 - i)).toList();
            times.forEach(t -> assertThat(api.post(PING, token, ping(driverId, 1, 1, t)).status()).isEqualTo(202));

            List<ConsumerRecord<String, String>> records = probe.awaitCount(driverId, 5);

            assertThat(records).extracting(r -> Api.json(r.value()).get("recordedAt").asString())
                    .containsExactlyElementsOf(times.stream().map(Instant::toString).toList());
            assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tracking.ingest.LocationIngestIT#invalidPings")
        void shouldRefuseAnInvalidPingNamingFieldAndRuleAndPublishNothing(String name, String body, String field,
                String rule) {
            Api.Response response = api.post(PING, token, body.replace("$ID", driverId)
                    .replace("$NOW", recently(0).toString()));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            JsonNode problem = response.json();
            assertThat(problem.get("type").asString()).isEqualTo(VALIDATION);
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("errors").valueStream()
                    .map(e -> e.get("field").asString() + " " + e.get("rule").asString()))
                    .contains(field + " " + rule);
            assertThat(response.body()).doesNotContain("91.25").doesNotContain("Exception").doesNotContain("at io.");
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
        }

        @Test
        void shouldRefuseADriverIdThatBreaksThePatternEvenFromItsOwnToken() {
            String oddId = "bad id " + UUID.randomUUID();
            Api.Response response = api.post(PING, Api.driverToken(oddId), ping(oddId, 1, 1, recently(1)));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("driverId");
            assertThat(response.json().get("errors").get(0).get("rule").asString()).isEqualTo("pattern");
        }
    }

    static Stream<Arguments> invalidPings() {
        String base = "\"driverId\":\"$ID\",\"recordedAt\":\"$NOW\"";
        Instant future = Instant.now().plusSeconds(120);
        Instant old = Instant.now().minus(Duration.ofHours(25));
        return Stream.of(
                Arguments.of("latitude above 90", "{" + base + ",\"latitude\":91.25,\"longitude\":1}", "latitude", "range"),
                Arguments.of("latitude below -90", "{" + base + ",\"latitude\":-90.0001,\"longitude\":1}", "latitude", "range"),
                Arguments.of("longitude above 180", "{" + base + ",\"latitude\":1,\"longitude\":180.5}", "longitude", "range"),
                Arguments.of("longitude below -180", "{" + base + ",\"latitude\":1,\"longitude\":-181}", "longitude", "range"),
                Arguments.of("latitude NaN literal", "{" + base + ",\"latitude\":NaN,\"longitude\":1}", "latitude", "range"),
                Arguments.of("longitude Infinity literal", "{" + base + ",\"latitude\":1,\"longitude\":Infinity}", "longitude", "range"),
                Arguments.of("latitude overflowing to infinity", "{" + base + ",\"latitude\":1e400,\"longitude\":1}", "latitude", "range"),
                Arguments.of("latitude as string", "{" + base + ",\"latitude\":\"52.5\",\"longitude\":1}", "latitude", "type"),
                Arguments.of("latitude as NaN string", "{" + base + ",\"latitude\":\"NaN\",\"longitude\":1}", "latitude", "type"),
                Arguments.of("longitude as boolean", "{" + base + ",\"latitude\":1,\"longitude\":true}", "longitude", "type"),
                Arguments.of("latitude as object", "{" + base + ",\"latitude\":{\"deg\":1},\"longitude\":1}", "latitude", "type"),
                Arguments.of("latitude missing", "{" + base + ",\"longitude\":1}", "latitude", "required"),
                Arguments.of("longitude null", "{" + base + ",\"latitude\":1,\"longitude\":null}", "longitude", "required"),
                Arguments.of("driverId missing", "{\"recordedAt\":\"$NOW\",\"latitude\":1,\"longitude\":1}", "driverId", "required"),
                Arguments.of("driverId as number", "{\"driverId\":42,\"recordedAt\":\"$NOW\",\"latitude\":1,\"longitude\":1}", "driverId", "type"),
                Arguments.of("recordedAt missing", "{\"driverId\":\"$ID\",\"latitude\":1,\"longitude\":1}", "recordedAt", "required"),
                Arguments.of("recordedAt not a date", "{\"driverId\":\"$ID\",\"recordedAt\":\"yesterday\",\"latitude\":1,\"longitude\":1}", "recordedAt", "format"),
                Arguments.of("recordedAt without zone", "{\"driverId\":\"$ID\",\"recordedAt\":\"2025-01-01T12:00:00\",\"latitude\":1,\"longitude\":1}", "recordedAt", "format"),
                Arguments.of("recordedAt as epoch number", "{\"driverId\":\"$ID\",\"recordedAt\":1735732800,\"latitude\":1,\"longitude\":1}", "recordedAt", "type"),
                Arguments.of("recordedAt too far ahead", "{\"driverId\":\"$ID\",\"recordedAt\":\"" + future + "\",\"latitude\":1,\"longitude\":1}", "recordedAt", "future"),
                Arguments.of("recordedAt too old", "{\"driverId\":\"$ID\",\"recordedAt\":\"" + old + "\",\"latitude\":1,\"longitude\":1}", "recordedAt", "too-old"),
                Arguments.of("negative accuracy", "{" + base + ",\"latitude\":1,\"longitude\":1,\"accuracyMeters\":-0.5}", "accuracyMeters", "range"),
                Arguments.of("speed above 100 m/s", "{" + base + ",\"latitude\":1,\"longitude\":1,\"speedMps\":100.5}", "speedMps", "range"),
                Arguments.of("negative speed", "{" + base + ",\"latitude\":1,\"longitude\":1,\"speedMps\":-1}", "speedMps", "range"),
                Arguments.of("heading 360", "{" + base + ",\"latitude\":1,\"longitude\":1,\"headingDegrees\":360}", "headingDegrees", "range"),
                Arguments.of("heading as string", "{" + base + ",\"latitude\":1,\"longitude\":1,\"headingDegrees\":\"90\"}", "headingDegrees", "type"),
                Arguments.of("unknown field", "{" + base + ",\"latitude\":1,\"longitude\":1,\"altitude\":30}", "altitude", "unknown"),
                Arguments.of("repeated field", "{" + base + ",\"latitude\":1,\"latitude\":2,\"longitude\":1}", "latitude", "duplicate"),
                Arguments.of("empty object", "{}", "driverId", "required"),
                Arguments.of("array instead of object", "[{" + base + ",\"latitude\":1,\"longitude\":1}]", "$", "type"),
                Arguments.of("malformed JSON", "{" + base + ",\"latitude\":1,\"longitude\":", "longitude", "syntax"),
                Arguments.of("trailing content", "{" + base + ",\"latitude\":1,\"longitude\":1} x", "$", "syntax"),
                Arguments.of("single quotes", "{'driverId':'$ID'}", "$", "syntax"),
                Arguments.of("deep nesting", "{\"x\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}", "x" + "[0]".repeat(16), "limits"),
                Arguments.of("empty body", "", "$", "required"));
    }

    @Nested
    @WithKafka // test-support looks for it on the class hierarchy only, not on enclosing classes
    class Batch {

        @Test
        void shouldAcceptAnAllValidBatchAndPublishEveryPingInOrder() {
            List<Instant> times = IntStream.range(0, 3).mapToObj(i -> recently(300 - i)).toList();
            String body = times.stream().map(t -> ping(driverId, 10.5, -20.25, t))
                    .collect(Collectors.joining(",", "{\"pings\":[", "]}"));

            Api.Response response = api.post(BATCH, token, body);

            assertThat(response.status()).isEqualTo(202);
            JsonNode result = response.json();
            assertThat(result.get("accepted").asInt()).isEqualTo(3);
            assertThat(result.get("rejected").asInt()).isZero();
            assertThat(result.get("results").valueStream().map(r -> r.get("status").asString()))
                    .containsExactly("accepted", "accepted", "accepted");
            List<ConsumerRecord<String, String>> records = probe.awaitCount(driverId, 3);
            for (int i = 0; i < 3; i++) {
                assertRecord(records.get(i), driverId, 10.5, -20.25, times.get(i));
            }
        }

        @Test
        void shouldPublishTheValidPingsOfAMixedBatchAndReportEachItem() {
            Instant first = recently(100);
            Instant second = recently(90);
            String body = "{\"pings\":[" + ping(driverId, 1.25, 2.5, first) + ","
                    + ping(driverId, 95, 2.5, recently(95)) + ","
                    + "{\"driverId\":\"" + driverId + "\",\"latitude\":\"1\",\"longitude\":2,\"recordedAt\":\""
                    + recently(93) + "\"}," + "7,"
                    + ping(driverId, -3.75, 4.125, second) + "]}";

            Api.Response response = api.post(BATCH, token, body);

            assertThat(response.status()).isEqualTo(207);
            assertThat(response.contentType()).startsWith("application/json");
            JsonNode result = response.json();
            assertThat(result.get("accepted").asInt()).isEqualTo(2);
            assertThat(result.get("rejected").asInt()).isEqualTo(3);
            JsonNode results = result.get("results");
            assertThat(results.valueStream().map(r -> r.get("index").asInt() + " " + r.get("status").asString()))
                    .containsExactly("0 accepted", "1 rejected", "2 rejected", "3 rejected", "4 accepted");
            assertThat(results.get(0).has("errors")).isFalse();
            assertThat(results.get(1).get("errors").get(0).get("field").asString()).isEqualTo("latitude");
            assertThat(results.get(1).get("errors").get(0).get("rule").asString()).isEqualTo("range");
            assertThat(results.get(2).get("errors").get(0).get("rule").asString()).isEqualTo("type");
            assertThat(results.get(3).get("errors").get(0).get("field").asString()).isEqualTo("$");

            List<ConsumerRecord<String, String>> records = recordsUpToMarker(driverId, token);
            assertThat(records).hasSize(3);
            assertRecord(records.get(0), driverId, 1.25, 2.5, first);
            assertRecord(records.get(1), driverId, -3.75, 4.125, second);
        }

        @Test
        void shouldRefuseABatchWithoutAnyValidPingListingEveryError() {
            String body = "{\"pings\":[" + ping(driverId, 91, 0, recently(5)) + ",{\"driverId\":\"" + driverId
                    + "\"}]}";

            Api.Response response = api.post(BATCH, token, body);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            JsonNode problem = response.json();
            assertThat(problem.get("type").asString()).isEqualTo(VALIDATION);
            assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                    .contains("pings[0].latitude", "pings[1].latitude", "pings[1].recordedAt");
            assertThat(problem.get("results")).hasSize(2);
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
        }

        @Test
        void shouldAcceptTheLargestAllowedBatch() {
            Instant base = recently(3600);
            String body = IntStream.range(0, 500).mapToObj(i -> ping(driverId, i / 10.0, 0, base.plusMillis(i)))
                    .collect(Collectors.joining(",", "{\"pings\":[", "]}"));

            Api.Response response = api.post(BATCH, token, body);

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().get("accepted").asInt()).isEqualTo(500);
            List<ConsumerRecord<String, String>> records = probe.awaitCount(driverId, 500);
            assertThat(records).hasSize(500);
            assertRecord(records.get(499), driverId, 49.9, 0, base.plusMillis(499));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tracking.ingest.LocationIngestIT#invalidEnvelopes")
        void shouldRefuseAnInvalidEnvelopeWhole(String name, String body, String field, String rule) {
            Api.Response response = api.post(BATCH, token, body.replace("$PING", ping(driverId, 1, 1, recently(1))));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            JsonNode error = response.json().get("errors").get(0);
            assertThat(error.get("field").asString() + " " + error.get("rule").asString()).isEqualTo(field + " " + rule);
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
        }
    }

    static Stream<Arguments> invalidEnvelopes() {
        return Stream.of(
                Arguments.of("501 pings", IntStream.range(0, 501).mapToObj(i -> "$PING")
                        .collect(Collectors.joining(",", "{\"pings\":[", "]}")), "pings", "size"),
                Arguments.of("no pings", "{\"pings\":[]}", "pings", "size"),
                Arguments.of("pings missing", "{}", "pings", "required"),
                Arguments.of("pings not an array", "{\"pings\":$PING}", "pings", "type"),
                Arguments.of("unknown envelope field", "{\"pings\":[$PING],\"device\":\"x\"}", "device", "unknown"),
                Arguments.of("a bare ping", "$PING", "driverId", "unknown"),
                Arguments.of("malformed", "{\"pings\":[$PING", "pings[0]", "syntax"));
    }

    /**
     * PostgreSQL keeps microseconds: what the service accepts must be exactly what is stored, so that two accepted
     * pings are never merged into one row by rounding or by reading a leap second as the second before it.
     */
    @Nested
    @WithKafka // test-support looks for it on the class hierarchy only, not on enclosing classes
    class RecordedAtPrecision {

        @Test
        void shouldRefuseNanosecondsAndPublishNothing() {
            String nanos = recently(2).plusNanos(456_789).toString();

            Api.Response response = api.post(PING, token, """
                    {"driverId":"%s","latitude":1,"longitude":2,"recordedAt":"%s"}""".formatted(driverId, nanos));

            expectRecordedAtRefused(response, "precision");
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
        }

        @Test
        void shouldRefuseTheNanosecondPingOfABatchAndAcceptTheOthers() {
            // 1 ns apart: stored at microseconds they would be one row, yet both would have been "accepted"
            Instant micros = recently(20).plusNanos(1_000);
            Instant nanos = micros.plusNanos(1);
            String body = "{\"pings\":[" + ping(driverId, 1, 2, micros) + "," + ping(driverId, 1, 2, nanos) + "]}";

            Api.Response response = api.post(BATCH, token, body);

            assertThat(response.status()).isEqualTo(207);
            JsonNode rejected = response.json().get("results").get(1);
            assertThat(rejected.get("status").asString()).isEqualTo("rejected");
            assertThat(rejected.get("errors").get(0).get("field").asString()).isEqualTo("recordedAt");
            assertThat(rejected.get("errors").get(0).get("rule").asString()).isEqualTo("precision");
            List<ConsumerRecord<String, String>> records = recordsUpToMarker(driverId, token);
            assertThat(records).hasSize(2);
            assertRecord(records.get(0), driverId, 1, 2, micros);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"T23:59:60Z", "T23:59:60.5Z", "T23:59:60.000000Z", "T23:59:60+00:00",
                "T01:59:60+02:00"})
        void shouldRefuseALeapSecondInsteadOfStoringItAsSecond59(String time) {
            // yesterday 23:59:59 UTC always lies inside the 24 h window: a :60 read as :59 would be accepted
            Instant realSecond59 = Instant.now().truncatedTo(ChronoUnit.DAYS).minusSeconds(1);
            String day = (time.endsWith("+02:00") ? realSecond59.plusSeconds(1) : realSecond59).toString()
                    .substring(0, 10);

            Api.Response response = api.post(PING, token, """
                    {"driverId":"%s","latitude":1,"longitude":2,"recordedAt":"%s"}""".formatted(driverId, day + time));

            expectRecordedAtRefused(response, "leap-second");
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
        }

        @Test
        void shouldEchoMicrosecondsExactlyAsTheyGoOnKafka() {
            Instant micros = recently(2).plusNanos(456_000);

            Api.Response response = api.post(PING, token, ping(driverId, 1, 2, micros));

            assertThat(response.status()).isEqualTo(202);
            String echoed = response.json().get("recordedAt").asString();
            JsonNode published = Api.json(probe.awaitCount(driverId, 1).get(0).value());
            assertThat(echoed).isEqualTo(published.get("recordedAt").asString()).isEqualTo(micros.toString());
            Instant receivedAt = Instant.parse(published.get("receivedAt").asString());
            assertThat(receivedAt.getNano() % 1_000).as("receivedAt finer than the microseconds stored").isZero();
        }

        private static void expectRecordedAtRefused(Api.Response response, String rule) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            JsonNode problem = response.json();
            assertThat(problem.get("type").asString()).isEqualTo(VALIDATION);
            assertThat(problem.get("errors").valueStream()
                    .map(e -> e.get("field").asString() + " " + e.get("rule").asString()))
                    .containsExactly("recordedAt " + rule);
        }
    }

    @Nested
    @WithKafka // test-support looks for it on the class hierarchy only, not on enclosing classes
    class WhoMaySend {

        @Test
        void shouldAskForATokenWhenNoneIsGiven() {
            Api.Response response = api.post(PING, null, ping(driverId, 1, 1, recently(1)));

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        }

        @Test
        void shouldRefuseExpiredForgedUnsignedAndGarbageTokens() {
            String expired = DevTokens.mint(Api.SECRET, driverId, List.of("driver"), Duration.ofMinutes(-5));
            String wrongSecret = DevTokens.mint("another-secret-0123456789abcdef-0123456", driverId,
                    List.of("driver"), Duration.ofMinutes(5));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String unsigned = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(("{\"sub\":\"" + driverId + "\",\"roles\":[\"driver\"],\"exp\":"
                            + Instant.now().plusSeconds(300).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8))
                    + ".";
            for (String bad : List.of(expired, wrongSecret, unsigned, "not-a-jwt")) {
                Api.Response response = api.post(PING, bad, ping(driverId, 1, 1, recently(1)));

                assertThat(response.status()).as(bad).isEqualTo(401);
                assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            }
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
        }

        @Test
        void shouldRefuseATokenWithoutTheDriverRole() {
            String customer = DevTokens.mint(Api.SECRET, driverId, List.of("customer"), Duration.ofMinutes(5));

            Api.Response response = api.post(PING, customer, ping(driverId, 1, 1, recently(1)));

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().get("type").asString()).isEqualTo("https://tracking.example/problems/forbidden");
        }

        @Test
        void shouldRefuseADriverReportingForAnotherDriver() {
            String other = "driver-" + UUID.randomUUID();

            Api.Response response = api.post(PING, token, ping(other, 1, 1, recently(1)));

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            assertThat(response.json().get("type").asString()).isEqualTo("https://tracking.example/problems/forbidden");
            assertThat(recordsUpToMarker(other, Api.driverToken(other))).hasSize(1);
        }

        @Test
        void shouldRefuseAWholeBatchWhenOnePingNamesAnotherDriver() {
            String other = "driver-" + UUID.randomUUID();
            String body = "{\"pings\":[" + ping(driverId, 1, 1, recently(5)) + "," + ping(other, 1, 1, recently(4))
                    + "]}";

            Api.Response response = api.post(BATCH, token, body);

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().get("detail").asString()).contains("pings[1]");
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
            assertThat(recordsUpToMarker(other, Api.driverToken(other))).hasSize(1);
        }
    }

    @Nested
    @WithKafka // test-support looks for it on the class hierarchy only, not on enclosing classes
    class Http {

        @Test
        void shouldRefuseABodyOverOneMebibyte() {
            String big = "{\"pings\":[" + ping(driverId, 1, 1, recently(1)) + "],\"pad\":\"" + "x".repeat(1_100_000)
                    + "\"}";

            Api.Response response = api.post(BATCH, token, big);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            assertThat(response.json().get("type").asString())
                    .isEqualTo("https://tracking.example/problems/payload-too-large");
        }

        @Test
        void shouldRefuseAChunkedBodyOverOneMebibyteWithoutContentLength() {
            byte[] big = ("{\"pings\":[" + ping(driverId, 1, 1, recently(1)) + "],\"pad\":\""
                    + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);

            Api.Response response = api.postChunked(BATCH, token, big);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            assertThat(recordsUpToMarker(driverId, token)).hasSize(1);
        }

        @Test
        void shouldAcceptAChunkedBodyWithinTheLimit() {
            Api.Response response = api.postChunked(PING, token,
                    ping(driverId, 1, 1, recently(1)).getBytes(StandardCharsets.UTF_8));

            assertThat(response.status()).isEqualTo(202);
        }

        @Test
        void shouldRefuseANonJsonContentType() {
            Api.Response text = api.post(PING, token, "text/plain",
                    HttpRequest.BodyPublishers.ofString(ping(driverId, 1, 1, recently(1))));
            Api.Response none = api.post(PING, token, null,
                    HttpRequest.BodyPublishers.ofString(ping(driverId, 1, 1, recently(1))));

            for (Api.Response response : List.of(text, none)) {
                assertThat(response.status()).isEqualTo(415);
                assertThat(response.contentType()).startsWith(PROBLEM_JSON);
                assertThat(response.json().get("type").asString())
                        .isEqualTo("https://tracking.example/problems/unsupported-media-type");
            }
        }

        @Test
        void shouldAnswerWrongMethodAndUnknownPathWithProblems() {
            Api.Response get = api.get(PING, token);
            Api.Response unknownApi = api.post("/api/v1/elsewhere", token, "{}");
            Api.Response unknown = api.get("/nothing-here", null);

            assertThat(get.status()).isEqualTo(405);
            assertThat(get.json().get("type").asString())
                    .isEqualTo("https://tracking.example/problems/method-not-allowed");
            for (Api.Response response : List.of(unknownApi, unknown)) {
                assertThat(response.status()).isEqualTo(404);
                assertThat(response.contentType()).startsWith(PROBLEM_JSON);
                assertThat(response.json().get("type").asString())
                        .isEqualTo("https://tracking.example/problems/not-found");
            }
            assertThat(get.contentType()).startsWith(PROBLEM_JSON);
        }

        @Test
        void shouldAnswerProblemJsonEvenWhenTheClientAsksForPlainJson() {
            Api.Response response = api.send(HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + PING))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")), token);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("type").asString()).isEqualTo(VALIDATION);
        }
    }

    @Nested
    @WithKafka // test-support looks for it on the class hierarchy only, not on enclosing classes
    class Description {

        @Autowired
        @Qualifier("requestMappingHandlerMapping")
        RequestMappingHandlerMapping mappings;

        @Test
        void shouldServeAnOpenApiDescriptionOfEveryEndpointWithoutAToken() {
            Api.Response response = api.get("/openapi.yaml", null);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).startsWith("openapi: 3.1");
            assertThat(new Yaml().<Object>load(response.body())).as("well-formed YAML")
                    .isInstanceOf(Map.class);
            assertThat(response.body()).contains("`precision`").contains("`leap-second`");
            Set<String> served = new java.util.TreeSet<>();
            for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
                info.getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(served::add);
            }
            assertThat(served).containsExactlyInAnyOrder(PING, BATCH);
            served.forEach(path -> assertThat(response.body()).contains("\n  " + path + ":\n    post:"));
        }
    }

    @Nested
    @WithKafka // test-support looks for it on the class hierarchy only, not on enclosing classes
    class Operations {

        @Test
        void shouldExposeHealthProbesAndMetricsOnTheManagementPortWithoutAToken() {
            assertThat(api.post(PING, token, ping(driverId, 1, 1, recently(1))).status()).isEqualTo(202);
            api.post(PING, token, ping(driverId, 91, 1, recently(1)));
            Api management = new Api(managementPort);

            Api.Response readiness = management.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
            // the management port asks for no token: it tells UP or DOWN, not which dependency or why
            Api.Response health = management.get("/actuator/health", null);
            for (Api.Response answer : List.of(health, readiness)) {
                assertThat(answer.json().propertyNames()).contains("status").doesNotContain("components", "details");
            }
            assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
            assertThat(management.get("/actuator/info", null).status()).isEqualTo(200);

            String prometheus = management.get("/actuator/prometheus", null).body();
            assertThat(prometheus)
                    .contains("tracking_ingest_pings_total{field=\"none\",outcome=\"accepted\",rule=\"none\"}")
                    .contains("tracking_ingest_pings_total{field=\"latitude\",outcome=\"rejected\",rule=\"range\"}")
                    .contains("tracking_ingest_publish_seconds_count{outcome=\"acknowledged\"}")
                    .contains("http_server_requests_seconds_bucket")
                    .contains("kafka_producer_record_send_total");
            assertThat(management.get("/actuator/env", null).status()).isEqualTo(404);
            assertThat(management.get("/actuator/heapdump", null).status()).isEqualTo(404);
        }
    }
}
