package io.tracking.trips.stream;

import java.time.Clock;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.Topics;
import io.tracking.trips.TripServiceProperties;
import io.tracking.trips.model.DetourFactor;
import io.tracking.trips.model.EtaEstimator;
import io.tracking.trips.model.TypicalSpeeds;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka Streams application, run by spring-kafka's {@link StreamsBuilderFactoryBean}: it starts the client
 * after the context is ready and closes it (committing, then leaving the group) on shutdown; Spring Boot builds
 * its configuration from {@code spring.kafka.streams.*} and binds Kafka Streams' own metrics to Micrometer.
 * This class adds what only code can: the topology, the thread supervision, the skipping deserialization handler
 * with its metrics, and the health indicator.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class TripStreamsConfiguration {

    @Bean
    TripMetrics tripMetrics(MeterRegistry registry) {
        return new TripMetrics(registry);
    }

    /** One estimator for every trip of the instance: it learns the detour factor from all of them. */
    @Bean
    EtaEstimator etaEstimator(TypicalSpeeds typicalSpeeds) {
        return new EtaEstimator(typicalSpeeds, DetourFactor.initial());
    }

    @Bean
    TripTopology tripTopology(StreamsBuilder builder, TripServiceProperties properties, JsonMapper mapper,
            TripMetrics metrics, EtaEstimator eta) {
        TripTopology topology = new TripTopology(properties, mapper, metrics, eta, Clock.systemUTC());
        topology.build(builder);
        return topology;
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer tripStreamsConfigurer(TripServiceProperties properties, TripMetrics metrics) {
        return factory -> {
            factory.setStreamsUncaughtExceptionHandler(new StreamThreadReplacement(
                    properties.supervision().maxReplacements(), properties.supervision().window(),
                    Clock.systemUTC()));
            factory.setStateListener((newState, oldState) -> metrics.streamState(newState));
            Properties config = factory.getStreamsConfiguration();
            config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    SkippingDeserializationHandler.class);
            config.put(SkippingDeserializationHandler.METRICS_CONFIG, metrics);
            factory.setStreamsConfiguration(config);
        };
    }

    /** Declared so that a fresh broker has the topics with the intended partition counts. */
    @Bean
    NewTopic locationUpdatesTopic(TripServiceProperties properties) {
        return TopicBuilder.name(Topics.LOCATION_UPDATES).partitions(properties.partitions()).build();
    }

    @Bean
    NewTopic ordersTopic(TripServiceProperties properties) {
        return TopicBuilder.name(Topics.ORDERS).partitions(properties.partitions()).build();
    }

    @Bean
    NewTopic orderTripEventsTopic(TripServiceProperties properties) {
        return TopicBuilder.name(Topics.ORDER_TRIP_EVENTS).partitions(properties.partitions()).build();
    }

    /** Compacted: only the newest ETA of an order matters. */
    @Bean
    NewTopic orderEtasTopic(TripServiceProperties properties) {
        return TopicBuilder.name(Topics.ORDER_ETAS).partitions(properties.partitions()).compact().build();
    }

    @Bean
    PartitionCountCheck partitionCountCheck(KafkaAdmin admin, TripServiceProperties properties) {
        return new PartitionCountCheck(admin, properties.partitions());
    }

    @Bean
    HealthIndicator tripStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
        return new TripStreamsHealthIndicator(streams);
    }
}
