package io.tracking.ingest.ping;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.ingest.IngestProperties;

@Configuration(proxyBeanMethods = false)
class PingConfiguration {

    /** Picked up by Boot's message converters, ahead of the general JSON converter. */
    @Bean
    PingBodyConverter pingBodyConverter(IngestProperties properties) {
        return new PingBodyConverter(new PingJsonReader(properties.maxBatchSize()), properties.maxBodyBytes());
    }

    @Bean
    PingValidator pingValidator(IngestProperties properties) {
        return new PingValidator(properties.maxFutureSkew(), properties.maxAge());
    }

    @Bean
    PingMetrics pingMetrics(MeterRegistry registry) {
        return new PingMetrics(registry);
    }
}
