package io.tracking.query.location;

import static io.tracking.query.system.ProblemAssertions.assertProblem;
import static io.tracking.query.system.ProblemAssertions.assertViolation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class LatestLocationIT extends IntegrationTest {

    private final String driverId = id("driver");

    @Test
    void shouldReturnTheLatestPositionWithItsAge() {
        Instant recordedAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        writer.ping(driverId, 52.52, 13.405, recordedAt, 4.5, 8.25, 90.0);

        Api.Response response = api.get("/api/v1/drivers/" + driverId + "/location", logistics());

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("driverId").asString()).isEqualTo(driverId);
        assertThat(body.get("latitude").asDouble()).isEqualTo(52.52);
        assertThat(body.get("longitude").asDouble()).isEqualTo(13.405);
        assertThat(Instant.parse(body.get("recordedAt").asString())).isEqualTo(recordedAt);
        assertThat(body.get("ageSeconds").asLong()).isBetween(29L, 40L);
        assertThat(body.get("accuracyMeters").asDouble()).isEqualTo(4.5);
        assertThat(body.get("speedMps").asDouble()).isEqualTo(8.25);
        assertThat(body.get("headingDegrees").asDouble()).isEqualTo(90.0);
    }

    @Test
    void shouldLeaveOutWhatThePhoneDidNotReport() {
        writer.ping(driverId, 1.0, 2.0, Instant.now());

        JsonNode body = api.get("/api/v1/drivers/" + driverId + "/location", dispatch()).json();

        assertThat(body.has("accuracyMeters")).isFalse();
        assertThat(body.has("speedMps")).isFalse();
        assertThat(body.has("headingDegrees")).isFalse();
    }

    @Test
    void shouldKeepNewestPositionWhenFixesArriveOutOfOrder() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        writer.ping(driverId, 10.0, 10.0, now.minusSeconds(10));
        writer.ping(driverId, 30.0, 30.0, now);
        writer.ping(driverId, 20.0, 20.0, now.minusSeconds(5));

        JsonNode body = api.get("/api/v1/drivers/" + driverId + "/location", logistics()).json();

        assertThat(body.get("latitude").asDouble()).isEqualTo(30.0);
        assertThat(Instant.parse(body.get("recordedAt").asString())).isEqualTo(now);
    }

    @Test
    void shouldAnswer404ForAnUnknownDriver() {
        assertProblem(api.get("/api/v1/drivers/" + driverId + "/location", logistics()), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = { "has%20space", "dots.are.out", "plus+sign",
            "x12345678901234567890123456789012345678901234567890123456789012345" })
    void shouldRejectAMalformedDriverIdNamingTheParameter(String badId) {
        JsonNode body = assertViolation(api.get("/api/v1/drivers/" + badId + "/location", logistics()),
                "driverId", "pattern");
        assertThat(body.toString()).doesNotContain(badId);
    }

    @Test
    void shouldRefuseCustomersRestaurantsAndDrivers() {
        writer.ping(driverId, 1.0, 2.0, Instant.now());
        for (String role : List.of("customer", "restaurant", "driver")) {
            assertProblem(api.get("/api/v1/drivers/" + driverId + "/location", token(driverId, role)), 403,
                    "forbidden");
        }
    }

    @Test
    void shouldAskForATokenWithout() {
        Api.Response response = api.get("/api/v1/drivers/" + driverId + "/location", null);
        assertProblem(response, 401, "unauthorized");
    }

    @Test
    void shouldRefuseAForgedToken() {
        String forged = io.tracking.auth.DevTokens.mint("another-secret-0123456789abcdef-0123456", "x",
                List.of("logistics"), java.time.Duration.ofMinutes(5));
        assertProblem(api.get("/api/v1/drivers/" + driverId + "/location", forged), 401, "unauthorized");
    }
}
