package io.tracking.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.tracking.auth.DevTokens;
import io.tracking.testsupport.WithKafka;
import tools.jackson.dataformat.yaml.YAMLMapper;
import io.tracking.testsupport.OpenApiContract;

/**
 * The running service (real Kafka broker) against its OpenAPI document {@code static/openapi.yaml}: every answer
 * seen here, good and bad, must be documented for its operation (status, content type, body schema, problem type),
 * and the last test fails for every documented operation and status that no test here produced, so that document
 * and service cannot drift apart unnoticed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        // same configuration as LocationIngestIT, so that both share one application context
        "tracking.ingest.publish-timeout=15s" })
@WithKafka
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractIT {

    private static final OpenApiContract CONTRACT = OpenApiContract.load("static/openapi.yaml");

    /** Documented answers this test cannot provoke without stopping Kafka (KafkaOutageIT covers them). */
    private static final List<String> NOT_EXERCISED = List.of("503");

    private static final String PING = "/api/v1/locations";
    private static final String BATCH = "/api/v1/locations/batch";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    Api api;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    final String driverId = "driver-" + UUID.randomUUID();
    final String token = Api.driverToken(driverId);

    @BeforeEach
    void setUp() {
        api = new Api(port);
        // ready = the producer has the topic's metadata: before that a first ping may time out (503)
        Api management = new Api(managementPort);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> management.get("/actuator/health/readiness", null).status() == 200);
    }

    // ---- calls, each checked against the document ----

    private Api.Response post(String path, @Nullable String token, @Nullable String contentType, String body) {
        Api.Response response = api.post(path, token, contentType, HttpRequest.BodyPublishers.ofString(body));
        return checked("POST", path, response);
    }

    private Api.Response post(String path, @Nullable String token, String json) {
        return post(path, token, "application/json", json);
    }

    private static Api.Response checked(String method, String path, Api.Response response) {
        CONTRACT.check(method, path, response.status(), response.contentType(), response.body());
        return response;
    }

    private static void assertStatus(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static Instant recently(int secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(secondsAgo);
    }

    private static String ping(String driverId, Object latitude, Instant recordedAt) {
        return """
                {"driverId":"%s","latitude":%s,"longitude":13.405,"recordedAt":"%s"}"""
                .formatted(driverId, latitude, recordedAt);
    }

    private static String batch(String... pings) {
        return "{\"pings\":[" + String.join(",", pings) + "]}";
    }

    private static String otherRole() {
        return DevTokens.mint(Api.SECRET, "customer-" + UUID.randomUUID(), List.of("customer"),
                Duration.ofMinutes(10));
    }

    /** A well-formed body just over the 1 MiB limit. */
    private String oversized(boolean asBatch) {
        String padding = " ".repeat(1024 * 1024);
        return asBatch ? batch(ping(driverId, 1, recently(1))) + padding : ping(driverId, 1, recently(1)) + padding;
    }

    // ---- the operations ----

    @Test
    @Order(1)
    void shouldServeTheDocumentWithoutAToken() {
        Api.Response response = checked("GET", "/openapi.yaml", api.get("/openapi.yaml", null));

        assertStatus(response, 200);
        assertThat(YAMLMapper.builder().build().readTree(response.body())).isEqualTo(CONTRACT.document());
    }

    @Test
    @Order(2)
    void shouldAnswerSinglePingsAsDocumented() {
        assertStatus(post(PING, token, """
                {"driverId":"%s","latitude":52.520008,"longitude":13.404954,"recordedAt":"%s",
                 "accuracyMeters":4.5,"speedMps":12.25,"headingDegrees":359.5}""".formatted(driverId, recently(3))),
                202);
        assertStatus(post(PING, token, """
                {"driverId":"%s","latitude":1,"longitude":2,"recordedAt":"%s",
                 "accuracyMeters":null,"speedMps":null,"headingDegrees":null}""".formatted(driverId, recently(2))),
                202);
        assertStatus(post(PING, token, """
                {"driverId":"%s","latitude":1,"longitude":2,"recordedAt":"2026-01-01T12:00:00.1234567Z"}"""
                .formatted(driverId)), 400);

        assertStatus(post(PING, token, ping(driverId, 91, recently(1))), 400);
        assertStatus(post(PING, token, ping(driverId, "\"52.5\"", recently(1))), 400);
        assertStatus(post(PING, token, ping(driverId, 1, recently(-3600))), 400);
        assertStatus(post(PING, token, ping(driverId, 1, recently(3 * 86400))), 400);
        assertStatus(post(PING, token, ping(driverId, 1, recently(1)).replace("}", ",\"altitude\":3}")), 400);
        assertStatus(post(PING, token, "{\"driverId\":\"" + driverId + "\"}"), 400);
        assertStatus(post(PING, token, "{\"driverId\":"), 400);
        assertStatus(post(PING, token, "[]"), 400);
        assertStatus(checked("POST", PING, api.post(PING, token, "application/json",
                HttpRequest.BodyPublishers.noBody())), 400);

        assertStatus(post(PING, null, ping(driverId, 1, recently(1))), 401);
        assertStatus(post(PING, "not-a-jwt", ping(driverId, 1, recently(1))), 401);
        assertStatus(post(PING, otherRole(), ping(driverId, 1, recently(1))), 403);
        assertStatus(post(PING, token, ping("someone-else", 1, recently(1))), 403);
        assertStatus(post(PING, token, oversized(false)), 413);
        assertStatus(checked("POST", PING, api.postChunked(PING, token,
                oversized(false).getBytes(StandardCharsets.UTF_8))), 413);
        assertStatus(post(PING, token, "text/plain", ping(driverId, 1, recently(1))), 415);
    }

    @Test
    @Order(3)
    void shouldAnswerBatchesAsDocumented() {
        assertStatus(post(BATCH, token, batch(ping(driverId, 1, recently(5)), ping(driverId, 2, recently(4)))), 202);
        Api.Response mixed = post(BATCH, token, batch(ping(driverId, 1, recently(3)), ping(driverId, 91, recently(2)),
                "42", ping(driverId, 3, recently(1)).replace("}", ",\"altitude\":3}")));
        assertStatus(mixed, 207);
        assertThat(mixed.json().get("rejected").asInt()).isEqualTo(3);

        Api.Response noneValid = post(BATCH, token, batch(ping(driverId, 91, recently(1)), "{}"));
        assertStatus(noneValid, 400);
        assertThat(noneValid.json().has("results")).isTrue();
        assertStatus(post(BATCH, token, "{}"), 400);
        assertStatus(post(BATCH, token, batch()), 400);
        assertStatus(post(BATCH, token, "{\"pings\":{}}"), 400);
        assertStatus(post(BATCH, token, "{\"pings\":[],\"pings\":[]}"), 400);
        assertStatus(post(BATCH, token, batch(IntStream.range(0, 501)
                .mapToObj(i -> ping(driverId, 1, recently(1))).collect(Collectors.toList()).toArray(String[]::new))),
                400);
        assertStatus(post(BATCH, token, "{\"pings\":["), 400);

        assertStatus(post(BATCH, null, batch(ping(driverId, 1, recently(1)))), 401);
        assertStatus(post(BATCH, otherRole(), batch(ping(driverId, 1, recently(1)))), 403);
        assertStatus(post(BATCH, token, batch(ping(driverId, 1, recently(1)), ping("someone-else", 1, recently(1)))),
                403);
        assertStatus(post(BATCH, token, oversized(true)), 413);
        assertStatus(post(BATCH, token, "application/xml", "<pings/>"), 415);
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void shouldDocumentEveryApiEndpointTheServiceHas() {
        List<String> undocumented = CONTRACT.undocumented(mappings, "/api/");
        assertThat(undocumented).as("endpoints the service has that static/openapi.yaml does not document").isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveExercisedEveryDocumentedAnswer() {
        assertThat(CONTRACT.unexercised(NOT_EXERCISED))
                .as("documented answers that no test of %s produced (test them, or remove them from the document)",
                        getClass().getSimpleName())
                .isEmpty();
    }
}
