package io.tracking.query.track;

import static io.tracking.query.system.ProblemAssertions.assertViolation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class TrackIT extends IntegrationTest {

    private final String driverId = id("driver");
    private final Instant base = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);

    private String path(Instant from, Instant to) {
        return "/api/v1/drivers/" + driverId + "/track?from=" + from + "&to=" + to;
    }

    @Test
    void shouldReturnThePathInTimeOrderWithinTheWindow() {
        writer.ping(driverId, 3.0, 3.0, base.plusSeconds(30), 5.0, null, null);
        writer.ping(driverId, 1.0, 1.0, base.plusSeconds(10));
        writer.ping(driverId, 2.0, 2.0, base.plusSeconds(20));
        writer.ping(driverId, 9.0, 9.0, base.minusSeconds(1));
        writer.ping(driverId, 9.0, 9.0, base.plusSeconds(40));

        Api.Response response = api.get(path(base, base.plusSeconds(40)), logistics());

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("driverId").asString()).isEqualTo(driverId);
        assertThat(body.get("truncated").asBoolean()).isFalse();
        JsonNode points = body.get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(0).get("latitude").asDouble()).isEqualTo(1.0);
        assertThat(Instant.parse(points.get(0).get("recordedAt").asString())).isEqualTo(base.plusSeconds(10));
        assertThat(points.get(1).get("latitude").asDouble()).isEqualTo(2.0);
        assertThat(points.get(2).get("latitude").asDouble()).isEqualTo(3.0);
        assertThat(points.get(2).get("accuracyMeters").asDouble()).isEqualTo(5.0);
        assertThat(points.get(0).has("accuracyMeters")).isFalse();
    }

    @Test
    void shouldStopAtTheLimitAndSaySo() {
        for (int i = 1; i <= 5; i++) {
            writer.ping(driverId, i, i, base.plusSeconds(i));
        }

        JsonNode body = api.get(path(base, base.plusSeconds(60)) + "&limit=3", dispatch()).json();

        assertThat(body.get("points")).hasSize(3);
        assertThat(body.get("truncated").asBoolean()).isTrue();
        assertThat(body.get("points").get(2).get("latitude").asDouble()).isEqualTo(3.0);
    }

    @Test
    void shouldReturnAnEmptyPathForADriverWithoutHistory() {
        JsonNode body = api.get(path(base, base.plusSeconds(60)), logistics()).json();
        assertThat(body.get("points")).isEmpty();
    }

    @Test
    void shouldRefuseAWindowLongerThan24Hours() {
        assertViolation(api.get(path(base, base.plusSeconds(24 * 3600 + 1)), logistics()), "to", "window");
    }

    @Test
    void shouldRefuseFromNotBeforeTo() {
        assertViolation(api.get(path(base, base), logistics()), "from", "order");
        assertViolation(api.get(path(base.plusSeconds(1), base), logistics()), "from", "order");
    }

    @Test
    void shouldRefuseMissingOrMalformedInstants() {
        assertViolation(api.get("/api/v1/drivers/" + driverId + "/track?from=" + base, logistics()), "to",
                "required");
        JsonNode body = assertViolation(api.get("/api/v1/drivers/" + driverId + "/track?from=yesterday&to=" + base,
                logistics()), "from", "type");
        assertThat(body.toString()).doesNotContain("yesterday");
    }

    @Test
    void shouldRefuseALimitOutOfRange() {
        assertViolation(api.get(path(base, base.plusSeconds(60)) + "&limit=0", logistics()), "limit", "range");
        assertViolation(api.get(path(base, base.plusSeconds(60)) + "&limit=10001", logistics()), "limit", "range");
    }

    @Test
    void shouldRefuseCustomers() {
        assertThat(api.get(path(base, base.plusSeconds(60)), token(id("c"), "customer")).status()).isEqualTo(403);
    }
}
