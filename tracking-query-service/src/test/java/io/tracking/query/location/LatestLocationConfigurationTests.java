package io.tracking.query.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.query.QueryProperties;

/** The order of the decorators, and what a disabled cache leaves out. */
class LatestLocationConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(LatestLocationConfiguration.class, Properties.class)
            .withBean(JdbcClient.class, () -> mock(JdbcClient.class))
            .withBean(RefreshConnection.class, () -> mock(RefreshConnection.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void callersGetTheCacheInFrontOfTheRepositoryAndItIsRefreshed() {
        contexts.run(context -> {
            assertThat(context).hasSingleBean(LatestLocations.class);
            assertThat(context.getBean(LatestLocations.class)).isInstanceOf(LatestLocationCache.class);
            assertThat(context).hasSingleBean(LatestCacheRefresher.class);
        });
    }

    @Test
    void aDisabledCacheStaysInFrontWithoutServingAndNothingRefreshesIt() {
        contexts.withPropertyValues("tracking.query.latest-cache.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(LatestCacheRefresher.class);
            assertThat(context.getBean(LatestLocationCache.class).state()).isEqualTo(LatestCacheState.DISABLED);
            assertThat(context.getBean(MeterRegistry.class).get("tracking.query.latest.cache.state")
                    .tag("state", "disabled").gauge().value()).isEqualTo(1.0);
        });
    }

    @EnableConfigurationProperties(QueryProperties.class)
    static class Properties {
    }
}
