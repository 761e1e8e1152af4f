package io.tracking.simulator.trips;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.contract.Topics;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;

/**
 * Reads {@link Topics#ORDER_TRIP_EVENTS} and {@link Topics#ORDER_ETAS} as the notification system would: a
 * {@code read_committed} consumer, so it sees exactly what the engine's transactions committed (a repeated event
 * here is a real one). Keeps the records of this run's orders, every copy, in topic order per order.
 *
 * <p>It reads the topics from their beginning without a consumer group: it assigns itself their partitions as they
 * appear (the topics may not exist yet when the run starts). A group would expel a reader that does not poll for
 * {@code max.poll.interval.ms}, as during a long replay, and its rejoining would read everything again; without one
 * no pause between polls matters. Other runs' records are skipped by key without being parsed.
 */
final class TripTopicsReader implements AutoCloseable {

    /** How often the reader looks for partitions it does not read yet. */
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(1);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonMapper mapper;
    private final Set<String> orderIds;
    private final List<TripEvent> events = new ArrayList<>();
    private final List<EtaUpdate> etas = new ArrayList<>();
    private final Set<String> assigned = new HashSet<>();
    private final Set<String> delivered = new HashSet<>();
    private long nextPartitionCheck = System.nanoTime();
    private int unreadable;

    TripTopicsReader(String bootstrapServers, JsonMapper mapper, Set<String> orderIds) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the engine's deployment creates the topics; looking for them must not create them with other settings
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the output topics appear when the engine first writes to them: notice them within a second
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.mapper = mapper;
        this.orderIds = Set.copyOf(orderIds);
    }

    /** Reads what is there, waiting at most {@code timeout} for the first records. */
    void poll(Duration timeout) {
        if (System.nanoTime() - nextPartitionCheck >= 0) {
            followPartitions();
            nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
        }
        if (consumer.assignment().isEmpty()) {
            LockSupport.parkNanos(timeout.toNanos());
            return;
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.key() == null || !orderIds.contains(record.key())) {
                continue;
            }
            try {
                read(record);
            } catch (JacksonException | IllegalArgumentException e) {
                // not the engine's document (another producer's bytes): counted, and the run goes on
                unreadable++;
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("no value");
        }
        if (record.topic().equals(Topics.ORDER_ETAS)) {
            etas.add(mapper.readValue(record.value(), EtaUpdate.class));
        } else {
            TripEvent event = mapper.readValue(record.value(), TripEvent.class);
            events.add(event);
            if (event.type() == TripEventType.DRIVER_ASSIGNED) {
                assigned.add(event.orderId());
            } else if (event.type() == TripEventType.ARRIVED_AT_DROPOFF) {
                delivered.add(event.orderId());
            }
        }
    }

    /** Records of this run's orders that were not a readable event or ETA. */
    int unreadable() {
        return unreadable;
    }

    /** Assigns every partition of the two topics there is, new ones from their beginning. */
    private void followPartitions() {
        Set<TopicPartition> wanted = new HashSet<>();
        for (String topic : List.of(Topics.ORDER_TRIP_EVENTS, Topics.ORDER_ETAS)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (partitions != null) {
                partitions.forEach(partition -> wanted.add(new TopicPartition(topic, partition.partition())));
            }
        }
        if (!wanted.equals(consumer.assignment())) {
            Set<TopicPartition> added = new HashSet<>(wanted);
            added.removeAll(consumer.assignment());
            consumer.assign(wanted);
            consumer.seekToBeginning(added);
        }
    }

    /** Orders whose {@code DRIVER_ASSIGNED} was read: the engine knows their driver. */
    int assigned() {
        return assigned.size();
    }

    /** Orders whose {@code ARRIVED_AT_DROPOFF} was read: their trip is over. */
    int delivered() {
        return delivered.size();
    }

    /**
     * Whether everything committed so far was read: with {@code read_committed}, the end offsets are the last stable
     * offsets, so a repeated event committed after the last one awaited would be read by now.
     */
    boolean caughtUp() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assignment);
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    List<TripEvent> events() {
        return List.copyOf(events);
    }

    List<EtaUpdate> etas() {
        return List.copyOf(etas);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
