package io.tracking.query.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.query.QueryProperties;

/** The monitor's switch and settings, bound as the service binds them. */
class WriterLagConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(Collaborators.class, WriterLagConfiguration.class);

    @Test
    void shouldMeasureEvery5SecondsByDefault() {
        contexts.run(context -> {
            assertThat(context).hasSingleBean(WriterLagMonitor.class);
            assertThat(context.getBean(QueryProperties.class).pipeline())
                    .isEqualTo(new QueryProperties.Pipeline(true, Duration.ofSeconds(5)));
            assertThat(context.getBean(MeterRegistry.class).find("tracking.query.writer.lag.seconds").gauge())
                    .isNotNull();
        });
    }

    @Test
    void shouldBindTheInterval() {
        contexts.withPropertyValues("tracking.query.pipeline.lag-interval=2s").run(context ->
                assertThat(context.getBean(QueryProperties.class).pipeline().lagInterval())
                        .isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void shouldNotMeasureWhenSwitchedOff() {
        contexts.withPropertyValues("tracking.query.pipeline.lag-enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(WriterLagMonitor.class);
            assertThat(context.getBean(MeterRegistry.class).find("tracking.query.writer.lag.seconds").gauge())
                    .isNull();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QueryProperties.class)
    static class Collaborators {

        @Bean
        KafkaProperties kafkaProperties() {
            return new KafkaProperties();
        }

        /** Refuses connections: each measurement fails at once, on the database, and is counted. */
        @Bean
        DataSource dataSource() {
            return new SimpleDriverDataSource(new org.postgresql.Driver(), "jdbc:postgresql://localhost:1/none");
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
