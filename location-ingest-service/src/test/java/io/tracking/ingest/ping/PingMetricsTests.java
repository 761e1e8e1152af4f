package io.tracking.ingest.ping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.Violation;

class PingMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PingMetrics metrics = new PingMetrics(registry);

    @Test
    void shouldCountRecordedAtRejectionsUnderTheirOwnRule() {
        metrics.rejected(List.of(new Violation("recordedAt", "precision", "")));
        metrics.rejected(List.of(new Violation("recordedAt", "leap-second", "")));

        for (String rule : List.of("precision", "leap-second")) {
            assertThat(registry.get("tracking.ingest.pings").tag("outcome", "rejected").tag("rule", rule)
                    .tag("field", "recordedAt").counter().count()).as(rule).isEqualTo(1.0);
        }
    }
}
