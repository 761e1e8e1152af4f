package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.tracking.benchmark.tool.LoadedPings;

class WrkScriptsTests {

    @Test
    void shouldGiveEveryDriverOfTheIngestScriptItsOwnToken() {
        String lua = IngestSingleScenario.script(List.of("single-a-0", "single-a-1"), List.of("token0", "token1"), 2);

        assertThat(lua).startsWith("thread_count = 2\n")
                .contains("{\"single-a-0\", \"token0\"}").contains("{\"single-a-1\", \"token1\"}")
                .contains("\"/api/v1/locations\"").contains("\"Bearer \" .. driver[2]")
                .contains("\"recordedAt\":\"%s.%03dZ\"")
                .contains("done = function(summary, latency, requests)");
    }

    @Test
    void shouldAskForDriverIdsPaddedAsTheFleetNamesThem() {
        LoadedPings fleet = new LoadedPings("drain-abc123-", 1_000, 200_000, 1.0);

        String lua = QueryLatestScenario.script(fleet, "logistics-token");

        assertThat(fleet.driverId(7)).isEqualTo("drain-abc123-007");
        assertThat(lua).contains("local prefix = \"drain-abc123-\"").contains("local drivers = 1000")
                .contains("\"/api/v1/drivers/%s%03d/location\"").contains("\"Bearer logistics-token\"")
                .contains("math.random(0, drivers - 1)");
    }

    @Test
    void shouldSendTheJavaGeneratorTheRequestsOfTheScripts() {
        LoadedPings fleet = new LoadedPings("drain-abc123-", 1_000, 200_000, 1.0);
        SplittableRandom random = new SplittableRandom(42);

        for (long i = 0; i < 200; i++) {
            assertThat(QueryLatestScenario.paths(fleet, random).apply(i))
                    .matches("/api/v1/drivers/drain-abc123-\\d{3}/location");
            String nearby = NearbyScenario.path(random, 2_000);
            assertThat(nearby)
                    .matches("/api/v1/drivers/nearby\\?lat=\\d+\\.\\d{6}&lon=\\d+\\.\\d{6}&radiusMeters=2000");
            double lat = Double.parseDouble(nearby.replaceAll(".*lat=([^&]+)&.*", "$1"));
            assertThat(lat).isBetween(12.9716 - 0.09, 12.9716 + 0.09);
        }
    }

    @Test
    void shouldSearchNearbyWithTheConfiguredRadius() {
        String lua = NearbyScenario.script(2_000, "logistics-token");

        assertThat(lua).contains("/api/v1/drivers/nearby?lat=%.6f&lon=%.6f&radiusMeters=2000")
                .contains("12.971600").contains("77.594600");
    }
}
