package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.tracking.auth.DevTokens;
import io.tracking.localstack.LocalStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A ping POSTed to the ingest service comes back, exactly, from the query service. */
class PipelineEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalStack stack = SystemStack.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String driverId = "e2e-" + UUID.randomUUID();

    @Test
    void shouldServeThePositionOfAnAcceptedPingFromTheQueryService() throws Exception {
        Instant recordedAt = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        String ping = """
                {"driverId":"%s","latitude":12.971599,"longitude":77.594566,"recordedAt":"%s",
                 "accuracyMeters":4.5,"speedMps":8.25,"headingDegrees":270.0}""".formatted(driverId, recordedAt);

        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(stack.ingest().baseUrl()
                        + "/api/v1/locations"))
                .header("Authorization", "Bearer " + token(driverId, "driver"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ping))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        HttpRequest read = HttpRequest.newBuilder(URI.create(stack.query().baseUrl()
                        + "/api/v1/drivers/" + driverId + "/location"))
                .header("Authorization", "Bearer " + token("ops-1", "logistics"))
                .GET()
                .build();
        JsonNode position = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.send(read, HttpResponse.BodyHandlers.ofString()),
                        response -> response.statusCode() == 200)
                .body()
                .transform(JSON::readTree);

        assertThat(position.get("driverId").asString()).isEqualTo(driverId);
        assertThat(position.get("latitude").asDouble()).isEqualTo(12.971599);
        assertThat(position.get("longitude").asDouble()).isEqualTo(77.594566);
        assertThat(Instant.parse(position.get("recordedAt").asString())).isEqualTo(recordedAt);
        assertThat(position.get("ageSeconds").asDouble()).isBetween(0.0, 120.0);
    }

    @Test
    void shouldAnswerNotFoundForADriverThatNeverPinged() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.query().baseUrl()
                        + "/api/v1/drivers/" + driverId + "/location"))
                .header("Authorization", "Bearer " + token("ops-1", "logistics"))
                .GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private String token(String subject, String role) {
        return DevTokens.mint(stack.jwtSecret(), subject, List.of(role), Duration.ofMinutes(10));
    }
}
