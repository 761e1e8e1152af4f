package io.tracking.query.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.query.QueryProperties;

/**
 * The writer lag monitor, on unless {@code tracking.query.pipeline.lag-enabled=false}. It follows the writer's group
 * named by {@code tracking.query.latest-cache.writer-group} (the writer's {@code tracking.writer.group-id}) on the
 * topic of {@code tracking.query.live.topic}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "tracking.query.pipeline.lag-enabled", matchIfMissing = true)
class WriterLagConfiguration {

    /** Bound of every single broker and database call of a measurement. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    WriterLagMonitor writerLagMonitor(KafkaProperties kafka, DataSource dataSource, QueryProperties properties,
            Clock clock, MeterRegistry meters) {
        return monitor(kafka.buildConsumerProperties(), dataSource, properties.latestCache().writerGroup(),
                properties.live().topic(), properties.pipeline(), clock, meters);
    }

    /**
     * The monitor of {@code group}'s stored positions on {@code topic}, with a consumer of its own built from
     * {@code kafka} (the client settings, bootstrap servers included).
     */
    static WriterLagMonitor monitor(Map<String, Object> kafka, DataSource dataSource, String group, String topic,
            QueryProperties.Pipeline pipeline, Clock clock, MeterRegistry meters) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout((int) CALL_TIMEOUT.toSeconds());
        WriterPositionRepository positions = new WriterPositionRepository(JdbcClient.create(template), group, topic);
        Map<String, Object> config = consumerConfig(kafka);
        WriterLagProbe probe = new WriterLagProbe(positions,
                () -> new TopicProbe(new KafkaConsumer<>(config), topic, CALL_TIMEOUT), clock, CALL_TIMEOUT);
        return new WriterLagMonitor(probe, pipeline.lagInterval(), meters);
    }

    static Map<String, Object> consumerConfig(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        // an observer: no group, nothing committed, nothing shared with the writer or the live reader
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // what the writer reads: end offsets are the last stable offsets, aborted records are never returned
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a stored position below the beginning (retention) reads from the beginning
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // one record per partition is all a measurement needs: keep each fetch small
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tracking-query-writer-lag-" + UUID.randomUUID());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return Map.copyOf(config);
    }
}
