package io.tracking.ingest.publish;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import io.tracking.ingest.IngestProperties;

/**
 * The topic and the publishing side. Producer settings (acks, idempotence, timeouts, batching) live in
 * {@code application.yml}, where Boot's producer factory picks them up together with the Micrometer listener.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Created at start-up when missing; KafkaAdmin does not stop the service when Kafka is not there yet. */
    @Bean
    NewTopic locationUpdatesTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.LOCATION_UPDATES)
                .partitions(properties.topicPartitions())
                .replicas(properties.topicReplicas())
                .build();
    }

    /**
     * Replaces Boot's template. Without a producer listener: Boot's {@code LoggingProducerListener} logs the payload
     * of every failed record, a GPS point, and during an outage it would log every ping ({@link LocationPublisher}
     * logs outages once). Without per-record timers: at batch rates they cost more than the send itself, and
     * {@code tracking.ingest.publish} times every request.
     */
    @Bean
    KafkaTemplate<String, LocationUpdate> kafkaTemplate(ProducerFactory<String, LocationUpdate> producerFactory) {
        KafkaTemplate<String, LocationUpdate> template = new KafkaTemplate<>(producerFactory);
        template.setMicrometerEnabled(false);
        template.setProducerListener(new ProducerListener<>() {
        });
        return template;
    }

    @Bean
    LocationPublisher locationPublisher(KafkaTemplate<String, LocationUpdate> template, IngestProperties properties,
            MeterRegistry registry) {
        return new LocationPublisher(template, properties.publishTimeout(), properties.retryAfter(), registry);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, LocationPublisher publisher,
            IngestProperties properties) {
        return new KafkaHealthIndicator(kafkaAdmin, publisher, properties.kafkaHealthTimeout(),
                properties.kafkaHealthCacheTtl());
    }
}
