package io.tracking.ingest.ping;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.ingest.IngestProperties;
import io.tracking.ingest.publish.LocationPublisher;

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

    /** The same rules, publisher and counters for the WebSocket stream's frames. */
    @Bean
    PingIntake pingIntake(IngestProperties properties, PingValidator validator, LocationPublisher publisher,
            PingMetrics metrics, Clock clock) {
        return new PingIntake(new PingJsonReader(properties.maxBatchSize()), validator, publisher, metrics, clock,
                properties.retryAfter());
    }
}
