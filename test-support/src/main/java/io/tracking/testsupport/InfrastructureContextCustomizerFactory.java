package io.tracking.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Reads {@link WithKafka} and {@link WithPostgres} on a test class and adds the connection properties of the
 * shared infrastructure to its application context, ahead of every other property source.
 */
class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        // also finds the annotations on the enclosing class of a @Nested test class
        boolean kafka = TestContextAnnotationUtils.hasAnnotation(testClass, WithKafka.class);
        boolean postgres = TestContextAnnotationUtils.hasAnnotation(testClass, WithPostgres.class);
        return (kafka || postgres) ? new InfrastructureContextCustomizer(kafka, postgres) : null;
    }

    private record InfrastructureContextCustomizer(boolean kafka, boolean postgres) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (kafka) {
                properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafkaBootstrapServers());
            }
            if (postgres) {
                PostgresConnection pg = TestInfrastructure.postgres();
                properties.put("spring.datasource.url", pg.jdbcUrl());
                properties.put("spring.datasource.username", pg.username());
                properties.put("spring.datasource.password", pg.password());
            }
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("trackingTestInfrastructure", properties));
        }
    }
}
