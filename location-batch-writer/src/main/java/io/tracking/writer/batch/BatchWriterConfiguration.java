package io.tracking.writer.batch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.writer.BatchWriterProperties;
import io.tracking.writer.partition.HistoryPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class BatchWriterConfiguration {

    /** Declared so that a fresh broker has the topic with the intended partition count. */
    @Bean
    NewTopic locationUpdatesTopic(BatchWriterProperties properties) {
        return TopicBuilder.name(properties.topic()).partitions(properties.topicPartitions()).build();
    }

    @Bean
    NewTopic locationUpdatesDeadLetterTopic(BatchWriterProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic()).partitions(properties.topicPartitions()).build();
    }

    @Bean
    WriterMetrics writerMetrics(MeterRegistry registry) {
        return new WriterMetrics(registry);
    }

    @Bean
    BatchWriterHealthIndicator batchWriterHealthIndicator(LocationConsumers consumers) {
        return new BatchWriterHealthIndicator(consumers.states());
    }

    @Bean(destroyMethod = "close")
    DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka, BatchWriterProperties properties,
            WriterMetrics metrics) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // a dead letter must be durable before the position moves past its record
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, properties.groupId() + "-dlt");
        return new DeadLetterPublisher(new KafkaProducer<>(config), properties.deadLetterTopic(),
                Duration.ofSeconds(30), metrics);
    }

    @Bean
    ConsumerPositions consumerPositions(DataSource dataSource, BatchWriterProperties properties) {
        return new ConsumerPositions(dataSource, properties.groupId());
    }

    @Bean
    LocationBatchWriter locationBatchWriter(DataSource dataSource, ConsumerPositions positions,
            HistoryPartitions partitions, DeadLetterPublisher deadLetters, WriterMetrics metrics) {
        return new LocationBatchWriter(dataSource, positions, partitions, deadLetters, metrics, Clock.systemUTC());
    }

    @Bean
    LivenessPublisher livenessPublisher(ApplicationEventPublisher events) {
        return new LivenessPublisher(events);
    }

    @Bean
    LocationConsumers locationConsumers(BatchWriterProperties properties, KafkaProperties kafka,
            DeadLetterPublisher deadLetters, LocationBatchWriter writer, ConsumerPositions positions,
            HistoryPartitions partitions, WriterMetrics metrics, LivenessPublisher liveness) {
        Supplier<Consumer<byte[], byte[]>> consumers = consumers(kafka, properties);
        List<LocationConsumerLoop> loops = new ArrayList<>();
        List<WriterState> states = new ArrayList<>();
        for (int i = 0; i < properties.concurrency(); i++) {
            WriterState state = new WriterState();
            states.add(state);
            loops.add(new LocationConsumerLoop(properties, consumers,
                    new LocationRecordDecoder(properties.history().maxFuture().toMillis()), deadLetters, writer,
                    positions, partitions, metrics, state, liveness, Clock.systemUTC(), "location-consumer-" + i));
        }
        return new LocationConsumers(loops, states);
    }

    static Supplier<Consumer<byte[], byte[]>> consumers(KafkaProperties kafka,
            BatchWriterProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // positions live in PostgreSQL; Kafka's committed offsets are written as a copy for lag monitoring
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // only used when a stored position is out of range, e.g. after the log was truncated by retention
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return () -> new KafkaConsumer<>(config);
    }
}
