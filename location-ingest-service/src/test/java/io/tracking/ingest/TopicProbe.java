package io.tracking.ingest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.tracking.contract.Topics;

/**
 * Reads {@code driver-location-updates} from the beginning, as raw strings, so tests see exactly what consumers
 * will see. Absence is proven without sleeping: publish a marker ping for the same driver afterwards; pings of one
 * driver share a partition and keep their order, so anything published earlier appears before the marker.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicProbe(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.LOCATION_UPDATES, Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** All records with key {@code driverId} once {@code done} holds for them, in topic order. */
    public synchronized List<ConsumerRecord<String, String>> awaitRecords(String driverId,
            Predicate<List<ConsumerRecord<String, String>>> done) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return done.test(recordsOf(driverId));
        });
        return recordsOf(driverId);
    }

    /** Records with key {@code driverId} once there are at least {@code count}. */
    public List<ConsumerRecord<String, String>> awaitCount(String driverId, int count) {
        return awaitRecords(driverId, records -> records.size() >= count);
    }

    private List<ConsumerRecord<String, String>> recordsOf(String driverId) {
        return seen.stream().filter(r -> driverId.equals(r.key())).toList();
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
