package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.tracking.query.support.IntegrationTest;

class ActuatorIT extends IntegrationTest {

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
    void shouldNotServeActuatorOnTheApiPort() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(404);
    }
}
