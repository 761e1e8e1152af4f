package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.tracking.query.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ActuatorIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldBeReadyWithDatabaseAndLiveReaderWithoutAToken() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> management.get("/actuator/health/readiness", null).status() == 200);
        assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void shouldExposeOnlyHealthInfoMetricsAndPrometheus() {
        assertThat(management.get("/actuator/prometheus", null).body()).contains("tracking_query_live_streams");
        assertThat(management.get("/actuator/metrics", null).status()).isEqualTo(200);
        assertThat(management.get("/actuator/info", null).status()).isEqualTo(200);
        assertThat(management.get("/actuator/env", null).status()).isEqualTo(404);
        assertThat(management.get("/actuator/beans", null).status()).isEqualTo(404);
    }

    @Test
    void shouldServeTheApiWithTheRequestExecutorAndMeasureItsQueue() {
        assertThat(api.get("/api/v1/drivers/" + id("driver") + "/location", logistics()).status()).isEqualTo(404);

        // a request served by one of RequestExecutor's threads has a queue time; on Tomcat's own it would be zero
        JsonNode queued = JSON.readTree(
                management.get("/actuator/metrics/tracking.query.requests.queued", null).body());
        assertThat(measurement(queued, "COUNT")).isPositive();
        assertThat(measurement(queued, "TOTAL_TIME")).isPositive();
        assertThat(management.get("/actuator/metrics/tracking.query.requests.waiting", null).status()).isEqualTo(200);
    }

    private static double measurement(JsonNode metric, String statistic) {
        for (JsonNode measurement : metric.get("measurements")) {
            if (statistic.equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + metric);
    }

    @Test
    void shouldNotServeActuatorOnTheApiPort() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(404);
    }
}
