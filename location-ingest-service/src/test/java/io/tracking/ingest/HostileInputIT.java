package io.tracking.ingest;

import static io.tracking.testsupport.HostileInput.LEAKS;
import static io.tracking.testsupport.HostileInput.base64Url;
import static io.tracking.testsupport.HostileInput.sentCoordinates;
import static io.tracking.testsupport.HostileInput.signedToken;
import static io.tracking.testsupport.HostileInput.unsignedToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;


import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.tracking.auth.DevTokens;
import io.tracking.contract.Topics;
import io.tracking.testsupport.RawHttp;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.testsupport.WithKafka;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input against the ping API (issue #7): every case is refused with the right 4xx as
 * {@code application/problem+json} that leaks no stack trace, SQL or sent coordinate; nothing reaches the topic
 * and the service stays ready. Each case is wholly invalid, so that "nothing published" holds for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        // same settings as LocationIngestIT, so both share one application context
        "tracking.ingest.publish-timeout=15s" })
@WithKafka
class HostileInputIT {

    private static final String PING = "/api/v1/locations";
    private static final String BATCH = "/api/v1/locations/batch";
    private static final String PROBLEMS = "https://tracking.example/problems/";
    private static final String SQL = "'; DROP TABLE location_history; --";
    private static final String SQL_OR = "driver' OR '1'='1";

    private static final String DRIVER = "driver-" + UUID.randomUUID();
    private static final String TOKEN = Api.driverToken(DRIVER);
    private static final String OTHER_DRIVER = "driver-" + UUID.randomUUID();

    private static @Nullable Admin admin;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    Api api;

    /** One hostile request, the status it must get and the slug of the problem type. */
    record Hostile(@Nullable String sent, Request request, int status, String type) {
    }

    @FunctionalInterface
    interface Request {
        Api.Response send(Api api, int port);
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.kafkaBootstrapServers()));
        }
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void shouldRefuseWithAProblemPublishNothingAndStayReady(Hostile hostile) {
        long before = topicEnd();

        Api.Response response = hostile.request().send(api, port);

        assertThat(response.status()).as(response.body()).isEqualTo(hostile.status());
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + hostile.type());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(hostile.status());
        assertThat(response.body()).doesNotContain(LEAKS);
        for (String coordinate : sentCoordinates(hostile.sent())) {
            assertThat(response.body()).doesNotContain(coordinate);
        }

        // A marker accepted afterwards is the only new record: the hostile request published nothing.
        Instant marker = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(api.post(PING, TOKEN, ping(DRIVER, "1.5", "2.5", marker.toString())).status()).isEqualTo(202);
        assertThat(topicEnd()).isEqualTo(before + 1);

        Api.Response readiness = new Api(managementPort).get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    static Stream<Named<Hostile>> hostileRequests() {
        List<Named<Hostile>> cases = new ArrayList<>();
        malformedJson(cases);
        wrongTypes(cases);
        nonFiniteAndHugeNumbers(cases);
        outOfRange(cases);
        nesting(cases);
        sizes(cases);
        batchShapes(cases);
        ids(cases);
        contentTypes(cases);
        methodsAndPaths(cases);
        tokens(cases);
        anotherDriver(cases);
        return cases.stream();
    }

    // ---- the cases, by kind -----------------------------------------------------------------------------------

    private static void malformedJson(List<Named<Hostile>> cases) {
        String valid = ping(DRIVER, "47.3769", "8.5417", now());
        cases.add(ping400("truncated in the middle of a number", valid.substring(0, valid.indexOf("8.54") + 3)));
        cases.add(ping400("truncated in the middle of a string", valid.substring(0, 20)));
        cases.add(ping400("only an opening brace", "{"));
        cases.add(ping400("not JSON at all", "hello, world"));
        cases.add(ping400("trailing comma", valid.replace("}", ",}")));
        cases.add(ping400("single quotes", valid.replace('"', '\'')));
        cases.add(ping400("unquoted field names", valid.replace("\"driverId\"", "driverId")));
        cases.add(ping400("a comment", "/* ping */" + valid));
        cases.add(ping400("two documents", valid + valid));
        cases.add(ping400("empty body", ""));
        cases.add(ping400("whitespace only", " \r\n\t "));
        cases.add(ping400("null body", "null"));
        cases.add(ping400("a JSON string", "\"ping\""));
        cases.add(ping400("a JSON number", "42"));
        cases.add(ping400("an array of one ping", "[" + valid + "]"));
        byte[] invalidUtf8 = valid.replace(DRIVER, DRIVER + "\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        cases.add(named("invalid UTF-8 bytes", new Hostile(valid,
                (api, port) -> api.post(PING, TOKEN, "application/json",
                        HttpRequest.BodyPublishers.ofByteArray(invalidUtf8)),
                400, "validation")));
        cases.add(batch400("truncated batch", "{\"pings\":[" + valid));
        cases.add(batch400("batch missing its closing brace", "{\"pings\":[" + valid + "]"));
    }

    private static void wrongTypes(List<Named<Hostile>> cases) {
        cases.add(ping400("latitude as a string", field("latitude", "\"47.3769\"")));
        cases.add(ping400("latitude as an array", field("latitude", "[47.3769]")));
        cases.add(ping400("longitude as a boolean", field("longitude", "true")));
        cases.add(ping400("driverId as an array", field("driverId", "[\"" + DRIVER + "\"]")));
        cases.add(ping400("driverId as an object", field("driverId", "{\"id\":\"" + DRIVER + "\"}")));
        cases.add(ping400("driverId as a number", field("driverId", "42")));
        cases.add(ping400("recordedAt as an object", field("recordedAt", "{\"epochSecond\":1700000000}")));
        cases.add(ping400("recordedAt as a number", field("recordedAt", "1700000000000")));
        cases.add(ping400("speedMps as a string", field("speedMps", "\"12\"")));
        cases.add(ping400("accuracyMeters as an object", field("accuracyMeters", "{\"m\":3}")));
        cases.add(ping400("latitude null", field("latitude", "null")));
    }

    private static void nonFiniteAndHugeNumbers(List<Named<Hostile>> cases) {
        cases.add(ping400("latitude NaN token", field("latitude", "NaN")));
        cases.add(ping400("longitude Infinity token", field("longitude", "Infinity")));
        cases.add(ping400("latitude -Infinity token", field("latitude", "-Infinity")));
        cases.add(ping400("speedMps NaN token", field("speedMps", "NaN")));
        cases.add(ping400("headingDegrees Infinity token", field("headingDegrees", "Infinity")));
        cases.add(ping400("latitude \"NaN\" string", field("latitude", "\"NaN\"")));
        cases.add(ping400("longitude \"Infinity\" string", field("longitude", "\"Infinity\"")));
        cases.add(ping400("latitude \"-Infinity\" string", field("latitude", "\"-Infinity\"")));
        cases.add(ping400("latitude 1e400", field("latitude", "1e400")));
        cases.add(ping400("longitude -1e400", field("longitude", "-1e400")));
        cases.add(ping400("latitude a 400-digit integer", field("latitude", "9".repeat(400))));
        cases.add(ping400("latitude a 2000-digit integer", field("latitude", "1" + "0".repeat(1999))));
        cases.add(ping400("latitude exponent overflow", field("latitude", "1e99999999999")));
        cases.add(ping400("accuracyMeters 1e308 squared", field("accuracyMeters", "1e616")));
    }

    private static void outOfRange(List<Named<Hostile>> cases) {
        cases.add(ping400("latitude just above 90", field("latitude", "90.0000001")));
        cases.add(ping400("latitude below -90", field("latitude", "-91.5")));
        cases.add(ping400("longitude just above 180", field("longitude", "180.000001")));
        cases.add(ping400("longitude below -180", field("longitude", "-180.5")));
        cases.add(ping400("negative accuracy", field("accuracyMeters", "-0.5")));
        cases.add(ping400("speed above 100 m/s", field("speedMps", "100.01")));
        cases.add(ping400("negative speed", field("speedMps", "-3")));
        cases.add(ping400("heading 360", field("headingDegrees", "360")));
        cases.add(ping400("negative heading", field("headingDegrees", "-0.1")));
        cases.add(ping400("recordedAt an hour ahead", field("recordedAt",
                "\"" + Instant.now().plus(Duration.ofHours(1)) + "\"")));
        cases.add(ping400("recordedAt 25 hours old", field("recordedAt",
                "\"" + Instant.now().minus(Duration.ofHours(25)) + "\"")));
        cases.add(ping400("recordedAt year 1970", field("recordedAt", "\"1970-01-01T00:00:00Z\"")));
        cases.add(ping400("recordedAt beyond Instant.MAX", field("recordedAt", "\"+1000000000-01-01T00:00:00Z\"")));
        cases.add(ping400("recordedAt 30 February", field("recordedAt", "\"2025-02-30T12:00:00Z\"")));
        cases.add(ping400("recordedAt without zone", field("recordedAt", "\"2025-01-01T12:00:00\"")));
        cases.add(ping400("unknown field", field("altitude", "30")));
        cases.add(ping400("repeated field", ping(DRIVER, "47.3769", "8.5417", now()).replace("{",
                "{\"latitude\":47.3769,")));
    }

    private static void nesting(List<Named<Hostile>> cases) {
        cases.add(ping400("10,000 nested arrays in a field", field("speedMps",
                "[".repeat(10_000) + "]".repeat(10_000))));
        cases.add(ping400("10,000 nested objects in a field", field("speedMps",
                "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000))));
        cases.add(ping400("10,000 nested arrays as the body", "[".repeat(10_000) + "]".repeat(10_000)));
        cases.add(batch400("10,000 nested objects inside a batch", "{\"pings\":["
                + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "]}"));
        cases.add(ping400("field name of 100,000 characters", field("x".repeat(100_000), "1")));
    }

    private static void sizes(List<Named<Hostile>> cases) {
        String big = "{\"pings\":[" + ping(DRIVER, "47.3769", "8.5417", now()) + "],\"pad\":\""
                + "x".repeat(1_100_000) + "\"}";
        byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
        cases.add(named("batch over 1 MiB with Content-Length", new Hostile(null,
                (api, port) -> api.post(BATCH, TOKEN, big), 413, "payload-too-large")));
        cases.add(named("batch over 1 MiB chunked", new Hostile(null,
                (api, port) -> api.postChunked(BATCH, TOKEN, bigBytes), 413, "payload-too-large")));
        cases.add(named("single ping over 1 MiB chunked", new Hostile(null,
                (api, port) -> api.postChunked(PING, TOKEN, big.replace("{\"pings\":[", "{\"x\":[")
                        .getBytes(StandardCharsets.UTF_8)), 413, "payload-too-large")));
        cases.add(named("Content-Length of a terabyte, small body", new Hostile(null,
                (api, port) -> raw(port, "POST " + PING + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000000000000\r\nConnection: close\r\n\r\n{}"),
                413, "payload-too-large")));
        String tooMany = IntStream.range(0, 501).mapToObj(i -> ping(DRIVER, "47.3769", "8.5417",
                Instant.now().minusSeconds(600).plusMillis(i).toString()))
                .collect(Collectors.joining(",", "{\"pings\":[", "]}"));
        cases.add(batch400("batch of 501 valid pings", tooMany));
    }

    private static void batchShapes(List<Named<Hostile>> cases) {
        String valid = ping(DRIVER, "47.3769", "8.5417", now());
        cases.add(batch400("empty pings array", "{\"pings\":[]}"));
        cases.add(batch400("pings missing", "{}"));
        cases.add(batch400("pings an object", "{\"pings\":" + valid + "}"));
        cases.add(batch400("pings a string", "{\"pings\":\"" + valid.replace("\"", "\\\"") + "\"}"));
        cases.add(batch400("pings null", "{\"pings\":null}"));
        cases.add(batch400("unknown envelope field", "{\"pings\":[" + valid + "],\"device\":\"x\"}"));
        cases.add(batch400("a bare ping to the batch endpoint", valid));
        cases.add(batch400("a top-level array of pings", "[" + valid + "]"));
        cases.add(batch400("pings of null and numbers", "{\"pings\":[null,7,\"x\",[]]}"));
        cases.add(batch400("every ping invalid", "{\"pings\":[" + field("latitude", "91.25") + ","
                + field("longitude", "\"8.5417\"") + "," + field("recordedAt", "\"yesterday\"") + "]}"));
        cases.add(ping400("a batch envelope to the single endpoint", "{\"pings\":[" + valid + "]}"));
    }

    private static void ids(List<Named<Hostile>> cases) {
        // the id in the body is checked against the token's subject first: a foreign id is another driver
        for (Map.Entry<String, String> id : List.of(
                Map.entry("SQL DROP TABLE", SQL),
                Map.entry("SQL OR 1=1", SQL_OR),
                Map.entry("right-to-left override", "\u202E" + DRIVER),
                Map.entry("emoji", DRIVER + "\uD83D\uDE97"),
                Map.entry("NUL character", DRIVER + "\u0000"),
                Map.entry("zero-width space", DRIVER + "\u200B"),
                Map.entry("trailing space", DRIVER + " "))) {
            cases.add(named("driverId with " + id.getKey() + " in the body", new Hostile(null,
                    (api, port) -> api.post(PING, TOKEN, ping(json(id.getValue()), "47.3769", "8.5417", now())),
                    403, "forbidden")));
        }
        // a token whose subject is the odd id itself reaches the value rules
        for (Map.Entry<String, String> id : List.of(
                Map.entry("SQL DROP TABLE", SQL),
                Map.entry("SQL OR 1=1", SQL_OR),
                Map.entry("emoji", "driver-\uD83D\uDE97"),
                Map.entry("NUL character", "driver-\u0000"),
                Map.entry("65 characters", "d".repeat(65)),
                Map.entry("Arabic letters", "\u0633\u0627\u0626\u0642"))) {
            String subject = id.getValue();
            cases.add(named("own driverId with " + id.getKey(), new Hostile(null,
                    (api, port) -> api.post(PING, Api.driverToken(subject),
                            ping(json(subject), "47.3769", "8.5417", now())),
                    400, "validation")));
        }
    }

    private static void contentTypes(List<Named<Hostile>> cases) {
        String valid = ping(DRIVER, "47.3769", "8.5417", now());
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json-patch+json", "application/octet-stream")) {
            cases.add(named("Content-Type " + type, new Hostile(valid,
                    (api, port) -> api.post(PING, TOKEN, type, HttpRequest.BodyPublishers.ofString(valid)),
                    415, "unsupported-media-type")));
        }
        cases.add(named("XML body as application/xml to the batch", new Hostile(null,
                (api, port) -> api.post(BATCH, TOKEN, "application/xml", HttpRequest.BodyPublishers.ofString(
                        "<pings><ping driverId=\"" + DRIVER + "\"/></pings>")),
                415, "unsupported-media-type")));
        cases.add(named("form body", new Hostile(null,
                (api, port) -> api.post(PING, TOKEN, "application/x-www-form-urlencoded",
                        HttpRequest.BodyPublishers.ofString("driverId=" + DRIVER + "&latitude=47.3769")),
                415, "unsupported-media-type")));
        cases.add(named("no Content-Type", new Hostile(valid,
                (api, port) -> api.post(PING, TOKEN, null, HttpRequest.BodyPublishers.ofString(valid)),
                415, "unsupported-media-type")));
        cases.add(named("malformed Content-Type", new Hostile(valid,
                (api, port) -> api.post(PING, TOKEN, "json;;;=", HttpRequest.BodyPublishers.ofString(valid)),
                415, "unsupported-media-type")));
    }

    private static void methodsAndPaths(List<Named<Hostile>> cases) {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            cases.add(named(method + " on the ping endpoint", new Hostile(null,
                    (api, port) -> api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + PING))
                            .header("Content-Type", "application/json")
                            .method(method, method.equals("GET") || method.equals("DELETE")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString("{}")), TOKEN),
                    405, "method-not-allowed")));
        }
        cases.add(named("TRACE on the batch endpoint", new Hostile(null,
                (api, port) -> raw(port, "TRACE " + BATCH + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n"),
                405, "method-not-allowed")));
        cases.add(named("POST to the OpenAPI file", new Hostile(null,
                (api, port) -> api.post("/openapi.yaml", null, "{}"), 405, "method-not-allowed")));
        cases.add(named("unknown path under the API", new Hostile(null,
                (api, port) -> api.post(PING + "/unknown", TOKEN, "{}"), 404, "not-found")));
        cases.add(named("trailing slash", new Hostile(null,
                (api, port) -> api.post(PING + "/", TOKEN, "{}"), 404, "not-found")));
        cases.add(named("encoded NUL in the path", new Hostile(null,
                (api, port) -> api.post(PING + "%00", TOKEN, "{}"), 400, "bad-request")));
        cases.add(named("semicolon path parameter", new Hostile(null,
                (api, port) -> api.post(PING + ";jsessionid=1", TOKEN, "{}"), 400, "bad-request")));
        cases.add(named("encoded dot-dot segment", new Hostile(null,
                (api, port) -> api.post(PING + "/%2e%2e/batch", TOKEN, "{}"), 400, "bad-request")));
        cases.add(named("double slash", new Hostile(null,
                (api, port) -> api.post("/api/v1//locations", TOKEN, "{}"), 400, "bad-request")));
        cases.add(named("SQL in an encoded path segment", new Hostile(null,
                (api, port) -> api.post(PING + "/x'%20OR%20'1'='1", TOKEN, "{}"), 404, "not-found")));
        cases.add(named("bad percent-encoding in the path", new Hostile(null,
                (api, port) -> raw(port, "POST " + PING + "%zz HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}"),
                400, "bad-request")));
        cases.add(named("raw non-ASCII bytes in the path", new Hostile(null,
                (api, port) -> raw(port, ("POST " + PING + "/\u00e9\u00e8 HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.UTF_8)),
                400, "bad-request")));
        cases.add(named("request header over the size limit", new Hostile(null,
                (api, port) -> raw(port, "POST " + PING + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + TOKEN + "\r\nX-Padding: " + "x".repeat(20_000) + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
                400, "bad-request")));
    }

    private static void tokens(List<Named<Hostile>> cases) {
        String valid = ping(DRIVER, "47.3769", "8.5417", now());
        long exp = Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond();
        String claims = "{\"sub\":\"" + DRIVER + "\",\"roles\":[\"driver\"],\"exp\":" + exp + "}";
        Map<String, String> unauthorized = new LinkedHashMap<>();
        unauthorized.put("expired token", DevTokens.mint(Api.SECRET, DRIVER, List.of("driver"), Duration.ofMinutes(-5)));
        unauthorized.put("token signed with another secret",
                DevTokens.mint("another-secret-0123456789abcdef-0123456", DRIVER, List.of("driver"),
                        Duration.ofMinutes(5)));
        unauthorized.put("alg none, no signature", unsignedToken(claims));
        unauthorized.put("alg none with the real signature",
                unsignedToken(claims).replaceAll("\\.$", "") + "." + TOKEN.substring(TOKEN.lastIndexOf('.') + 1));
        unauthorized.put("alg HS512 with the right secret", signedToken("HS512", claims, Api.SECRET));
        unauthorized.put("payload changed, signature kept", TOKEN.substring(0, TOKEN.indexOf('.') + 1)
                + base64Url(claims.replace("\"driver\"]", "\"driver\",\"dispatch\"]"))
                + TOKEN.substring(TOKEN.lastIndexOf('.')));
        unauthorized.put("signature stripped", TOKEN.substring(0, TOKEN.lastIndexOf('.') + 1));
        unauthorized.put("no exp claim", signedToken("HS256", "{\"sub\":\"" + DRIVER + "\",\"roles\":[\"driver\"]}",
                Api.SECRET));
        unauthorized.put("no sub claim", signedToken("HS256", "{\"roles\":[\"driver\"],\"exp\":" + exp + "}",
                Api.SECRET));
        unauthorized.put("not valid before next hour", signedToken("HS256", claims.replace("}",
                ",\"nbf\":" + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}"), Api.SECRET));
        unauthorized.put("not a JWT", "not-a-jwt");
        unauthorized.put("characters outside base64url", "abc$%^.def.ghi");
        unauthorized.put("4 KB of garbage", "a".repeat(2_000) + "." + "b".repeat(2_000) + ".c");
        unauthorized.forEach((name, token) -> cases.add(named(name, new Hostile(valid,
                (api, port) -> api.post(PING, token, valid), 401, "unauthorized"))));

        cases.add(named("no Authorization header", new Hostile(valid,
                (api, port) -> api.post(PING, null, valid), 401, "unauthorized")));
        cases.add(named("Basic credentials instead of a bearer token", new Hostile(valid,
                (api, port) -> api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + PING))
                        .header("Content-Type", "application/json").header("Authorization", "Basic ZDpk")
                        .POST(HttpRequest.BodyPublishers.ofString(valid)), null), 401, "unauthorized")));
        cases.add(named("empty bearer token", new Hostile(valid,
                (api, port) -> api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + PING))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer ")
                        .POST(HttpRequest.BodyPublishers.ofString(valid)), null), 401, "unauthorized")));

        Map<String, String> forbidden = new LinkedHashMap<>();
        forbidden.put("customer role", DevTokens.mint(Api.SECRET, DRIVER, List.of("customer"), Duration.ofMinutes(5)));
        forbidden.put("dispatch role", DevTokens.mint(Api.SECRET, DRIVER, List.of("dispatch"), Duration.ofMinutes(5)));
        forbidden.put("no roles", DevTokens.mint(Api.SECRET, DRIVER, List.of(), Duration.ofMinutes(5)));
        forbidden.put("role in upper case", DevTokens.mint(Api.SECRET, DRIVER, List.of("DRIVER"), Duration.ofMinutes(5)));
        forbidden.put("roles a string, not an array",
                signedToken("HS256", "{\"sub\":\"" + DRIVER + "\",\"roles\":\"driver\",\"exp\":" + exp + "}",
                        Api.SECRET));
        forbidden.forEach((name, token) -> cases.add(named("token with " + name, new Hostile(valid,
                (api, port) -> api.post(PING, token, valid), 403, "forbidden"))));
    }

    private static void anotherDriver(List<Named<Hostile>> cases) {
        cases.add(named("a ping for another driver", new Hostile(null,
                (api, port) -> api.post(PING, TOKEN, ping(OTHER_DRIVER, "47.3769", "8.5417", now())),
                403, "forbidden")));
        cases.add(named("a batch with one ping for another driver", new Hostile(null,
                (api, port) -> api.post(BATCH, TOKEN, "{\"pings\":[" + ping(DRIVER, "47.3769", "8.5417", now())
                        + "," + ping(OTHER_DRIVER, "47.3769", "8.5417", now()) + "]}"),
                403, "forbidden")));
        cases.add(named("a batch only for another driver", new Hostile(null,
                (api, port) -> api.post(BATCH, TOKEN, "{\"pings\":[" + ping(OTHER_DRIVER, "47.3769", "8.5417", now())
                        + "]}"),
                403, "forbidden")));
        cases.add(named("a batch with an invalid ping for another driver", new Hostile(null,
                (api, port) -> api.post(BATCH, TOKEN, "{\"pings\":[" + ping(OTHER_DRIVER, "91.25", "8.5417", now())
                        + "]}"),
                403, "forbidden")));
    }

    // ---- building blocks ---------------------------------------------------------------------------------------

    private static Named<Hostile> named(String name, Hostile hostile) {
        return Named.of(name, hostile);
    }

    private static Named<Hostile> ping400(String name, String body) {
        return named(name, new Hostile(body, (api, port) -> api.post(PING, TOKEN, body), 400, "validation"));
    }

    private static Named<Hostile> batch400(String name, String body) {
        return named(name, new Hostile(body, (api, port) -> api.post(BATCH, TOKEN, body), 400, "validation"));
    }

    /** A valid ping of {@link #DRIVER} with {@code name} set to the raw JSON {@code value} (added if absent). */
    private static String field(String name, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("driverId", json(DRIVER));
        fields.put("latitude", "47.3769");
        fields.put("longitude", "8.5417");
        fields.put("recordedAt", json(now()));
        fields.put(name, value);
        return fields.entrySet().stream().map(e -> json(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String ping(String driverIdJson, String latitude, String longitude, String recordedAt) {
        String id = driverIdJson.startsWith("\"") ? driverIdJson : json(driverIdJson);
        return "{\"driverId\":" + id + ",\"latitude\":" + latitude + ",\"longitude\":" + longitude
                + ",\"recordedAt\":\"" + recordedAt + "\"}";
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1).toString();
    }

    /** {@code value} as a JSON string, control characters escaped. */
    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The sum of the topic's end offsets: it grows by one with every record published. */
    private static long topicEnd() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            admin.describeTopics(List.of(Topics.LOCATION_UPDATES)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.LOCATION_UPDATES).partitions()
                    .forEach(p -> latest.put(new TopicPartition(Topics.LOCATION_UPDATES, p.partition()),
                            OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResultInfo::offset).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request Java's HTTP client refuses to send, written on a socket. */
    private static Api.Response raw(int port, String request) {
        RawHttp.Answer answer = RawHttp.exchange(port, request);
        return new Api.Response(answer.status(), answer.contentType(), null, answer.body());
    }

    private static Api.Response raw(int port, byte[] request) {
        RawHttp.Answer answer = RawHttp.exchange(port, request);
        return new Api.Response(answer.status(), answer.contentType(), null, answer.body());
    }
}
