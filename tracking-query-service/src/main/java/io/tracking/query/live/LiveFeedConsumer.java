package io.tracking.query.live;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateRules;
import io.tracking.query.QueryProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the location topic for live pushes, independently of the batch writer.
 *
 * <p>Every instance reads <em>all</em> partitions with its own consumer, by manual assignment, starting at the
 * end: it has no consumer group, never commits offsets and shares nothing with other instances, because each
 * instance must see every position to serve the streams open on it. Positions published while an instance was
 * down are not its business: resuming streams replay them from the location history.
 *
 * <p>Valid records go to every {@link LiveLocationListener} on the reader thread; records that cannot be decoded
 * or break the contract are counted and skipped (the batch writer dead-letters them). A record whose key (the
 * driver id) no listener watches is skipped before its value is decoded. Nothing of a record's content is logged.
 */
@Component
class LiveFeedConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeedConsumer.class);
    private static final Duration BROKER_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Map<String, Object> config;
    private final QueryProperties.Live settings;
    private final List<LiveLocationListener> listeners;
    private final List<LiveFeedProgress> progress;
    private final JsonMapper json;
    private final Clock clock;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter unwatched;
    private final Timer readLatency;

    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile @Nullable Instant lastBrokerContact;
    private boolean topicMissingLogged;
    /** Set when the followers must learn where reading starts over (reader thread only). */
    private boolean restartFollowers;

    LiveFeedConsumer(KafkaProperties kafka, QueryProperties properties, List<LiveLocationListener> listeners,
            List<LiveFeedProgress> progress, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.settings = properties.live();
        this.listeners = List.copyOf(listeners);
        this.progress = List.copyOf(progress);
        this.json = json;
        this.clock = clock;
        this.config = consumerConfig(kafka);
        this.accepted = Counter.builder("tracking.query.live.records").tag("outcome", "accepted")
                .description("Location records of watched drivers read by the live reader").register(meters);
        this.unwatched = Counter.builder("tracking.query.live.records").tag("outcome", "unwatched")
                .description("Location records of drivers nobody watches, skipped undecoded").register(meters);
        this.rejected = Counter.builder("tracking.query.live.records").tag("outcome", "rejected")
                .description("Location records the live reader could not decode or that break the contract")
                .register(meters);
        this.readLatency = Timer.builder("tracking.query.live.read.latency")
                .description("From ingest accepting a position to the live reader reading it from Kafka")
                .publishPercentileHistogram().register(meters);
    }

    private static Map<String, Object> consumerConfig(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        // no group: nothing to commit, nothing shared with other instances or with the batch writer
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // no silent jump: a position that no longer exists raises, and followers learn they missed records
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tracking-query-live-" + UUID.randomUUID());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Whether the reader has all partitions assigned and reached the brokers recently. */
    boolean isHealthy() {
        Instant contact = lastBrokerContact;
        return running && !assignment.isEmpty() && contact != null
                && contact.isAfter(clock.instant().minus(settings.brokerCheckInterval().multipliedBy(3)));
    }

    Map<String, Object> details() {
        Instant contact = lastBrokerContact;
        return Map.of("topic", settings.topic(), "partitions", assignment.size(),
                "lastBrokerContact", contact == null ? "never" : contact.toString());
    }

    @Override
    public void start() {
        running = true;
        Thread reader = new Thread(this::run, "live-feed");
        reader.setDaemon(true);
        thread = reader;
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread reader = thread;
        if (reader != null) {
            LockSupport.unpark(reader);
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the streams and the web server, stops after them. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(config)) {
            consumer = kafka;
            Instant nextCheck = Instant.MIN;
            while (running) {
                try {
                    if (!clock.instant().isBefore(nextCheck)) {
                        checkBrokerAndAssignment(kafka);
                        nextCheck = clock.instant().plus(assignment.isEmpty() ? RETRY_PAUSE
                                : settings.brokerCheckInterval());
                    }
                    if (assignment.isEmpty()) {
                        pause();
                        continue;
                    }
                    if (restartFollowers) {
                        reportStart(kafka, assignment);
                        restartFollowers = false;
                    }
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(settings.pollTimeout());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        dispatch(record);
                    }
                    reportPositions(kafka);
                } catch (WakeupException e) {
                    if (running) {
                        log.debug("Live reader woken up while running");
                    }
                } catch (InvalidOffsetException e) {
                    // behind the topic's retention: the records in between are gone, and so is what followers knew
                    log.warn("Live reader: positions on {} partitions no longer exist; reading from their end",
                            e.partitions().size());
                    kafka.seekToEnd(e.partitions());
                    startFollowersOver();
                } catch (KafkaException | IllegalStateException e) {
                    log.warn("Live reader: {}; retrying", e.getClass().getSimpleName());
                    nextCheck = Instant.MIN;
                    pause();
                }
            }
        } catch (RuntimeException e) {
            log.error("Live reader stopped", e);
        } finally {
            consumer = null;
            assignment = Set.of();
            progress.forEach(LiveFeedProgress::reset);
            log.info("Live reader stopped");
        }
    }

    /**
     * Follows the topic's partitions (new ones included, at their end) and proves that the brokers answer: the
     * end-offset lookup is a remote call, unlike cached metadata.
     */
    private void checkBrokerAndAssignment(KafkaConsumer<byte[], byte[]> kafka) {
        List<PartitionInfo> partitions = kafka.partitionsFor(settings.topic(), BROKER_CALL_TIMEOUT);
        Set<TopicPartition> wanted = new HashSet<>();
        if (partitions != null) {
            for (PartitionInfo partition : partitions) {
                wanted.add(new TopicPartition(partition.topic(), partition.partition()));
            }
        }
        if (wanted.isEmpty()) {
            if (!topicMissingLogged) {
                log.info("Live reader: topic {} has no partitions yet; waiting", settings.topic());
                topicMissingLogged = true;
            }
            return;
        }
        if (!wanted.equals(kafka.assignment())) {
            Set<TopicPartition> added = new HashSet<>(wanted);
            added.removeAll(kafka.assignment());
            kafka.assign(wanted);
            kafka.seekToEnd(added);
            // resolve the end positions now, so that "ready" means "sees everything published from here on"
            for (TopicPartition partition : added) {
                kafka.position(partition, BROKER_CALL_TIMEOUT);
            }
            startFollowersOver();
            log.info("Live reader assigned {} partitions of {}, reading from their end", wanted.size(),
                    settings.topic());
        }
        kafka.endOffsets(wanted, BROKER_CALL_TIMEOUT);
        assignment = Set.copyOf(wanted);
        lastBrokerContact = clock.instant();
    }

    /** What the followers were told no longer holds; they learn the new start before the next poll. */
    private void startFollowersOver() {
        progress.forEach(LiveFeedProgress::reset);
        restartFollowers = true;
    }

    /** Tells the followers that reading starts over at the current positions of {@code partitions}. */
    private void reportStart(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            long position = kafka.position(partition, BROKER_CALL_TIMEOUT);
            progress.forEach(listener -> listener.started(partition.partition(), position));
        }
    }

    private void reportPositions(KafkaConsumer<byte[], byte[]> kafka) {
        if (progress.isEmpty()) {
            return;
        }
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition partition : kafka.assignment()) {
            positions.put(partition.partition(), kafka.position(partition, BROKER_CALL_TIMEOUT));
        }
        progress.forEach(listener -> listener.reached(positions));
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        byte[] key = record.key();
        String driverId = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (driverId != null) {
            // the writer stores only records keyed by their driver id
            for (LiveFeedProgress listener : progress) {
                listener.read(driverId, record.partition(), record.offset());
            }
            if (!watched(driverId)) {
                unwatched.increment();
                return;
            }
        }
        LocationUpdate update;
        try {
            byte[] value = record.value();
            update = value == null ? null : json.readValue(value, LocationUpdate.class);
        } catch (RuntimeException e) {
            update = null;
        }
        if (update == null || !LocationUpdateRules.violations(update).isEmpty()) {
            rejected.increment();
            log.debug("Live reader skipped an invalid record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        accepted.increment();
        readLatency.record(Duration.between(update.receivedAt(), clock.instant()));
        for (LiveLocationListener listener : listeners) {
            try {
                listener.onLocation(update);
            } catch (RuntimeException e) {
                log.warn("Live listener {} failed: {}", listener.getClass().getSimpleName(),
                        e.getClass().getSimpleName());
            }
        }
    }

    private boolean watched(String driverId) {
        for (LiveLocationListener listener : listeners) {
            if (listener.watches(driverId)) {
                return true;
            }
        }
        return false;
    }

    private void pause() {
        LockSupport.parkNanos(RETRY_PAUSE.toNanos());
    }
}
