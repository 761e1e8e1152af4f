package io.tracking.query.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.query.QueryProperties;
import io.tracking.query.system.LoopSupervisor;
import io.tracking.query.system.SupervisedConsumerLoop;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the location topic for live pushes, independently of the batch writer.
 *
 * <p>Every instance reads <em>all</em> partitions with its own consumer, by manual assignment, starting at the
 * end: it has no consumer group, never commits offsets and shares nothing with other instances, because each
 * instance must see every position to serve the streams open on it. Positions published while an instance was
 * down are not its business: resuming streams replay them from the location history.
 *
 * <p>What happens to each record is {@link LiveRecordHandler}'s business: whatever its bytes, it is reported to the
 * followers ({@link LiveFeedProgress}) and either handed to the listeners or counted as skipped, and never ends this
 * loop. Kafka errors are retried here with the same consumer; anything else that ends the loop is
 * {@link LoopSupervisor}'s: it starts a new consumer after a back-off, and turns liveness DOWN when the reader
 * cannot keep running. Nothing of a record's content is logged.
 */
@Component
class LiveFeedConsumer extends SupervisedConsumerLoop {

    /** Restart back-off 1 s doubling to 30 s; broken after 5 ends in a row (about 30 s) or 2 min without a turn. */
    static final LoopSupervisor.Settings RESTARTS = new LoopSupervisor.Settings(Duration.ofSeconds(1),
            Duration.ofSeconds(30), 5, Duration.ofMinutes(2));

    private static final Logger log = LoggerFactory.getLogger(LiveFeedConsumer.class);
    private static final Duration BROKER_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final QueryProperties.Live settings;
    private final LiveFeedFollowers followers;
    private final LiveRecordHandler handler;
    private final long staleAfterNanos;
    private final Clock clock;

    private volatile Set<TopicPartition> assignment = Set.of();
    /** {@link System#nanoTime()} of the last answer from the brokers and of the last poll that returned. */
    private volatile long lastBrokerContactNanos;
    private volatile long lastPollNanos;
    private volatile @Nullable Instant lastBrokerContact;
    private boolean topicMissingLogged;
    /** Whether {@link #read} is in its poll loop; the live lag below is only meaningful while it is. */
    private volatile boolean reading;
    /** Records on the assigned partitions not read yet, as of the last poll (NaN while not reading). */
    private volatile double lagRecords = Double.NaN;
    /** Age of the last record read when the last poll left records behind, else 0 (NaN while not reading). */
    private volatile double lagSeconds = Double.NaN;
    /** Kafka timestamp of the last record read by this consumer; only the reader's thread uses it. */
    private long lastRecordMillis = -1;

    @Autowired
    LiveFeedConsumer(KafkaProperties kafka, QueryProperties properties, List<LiveLocationListener> listeners,
            List<LiveFeedProgress> progress, JsonMapper json, Clock clock, MeterRegistry meters) {
        // no group: nothing to commit, nothing shared with other instances or with the batch writer; no silent jump:
        // a position that no longer exists raises, and followers learn they missed records
        this(byteConsumers(kafka, null, "none", "tracking-query-live"), properties, listeners, progress, json, clock,
                meters, RESTARTS);
    }

    /** @param consumers makes a new consumer each time the loop (re)starts */
    LiveFeedConsumer(Supplier<Consumer<byte[], byte[]>> consumers, QueryProperties properties,
            List<LiveLocationListener> listeners, List<LiveFeedProgress> progress, JsonMapper json, Clock clock,
            MeterRegistry meters, LoopSupervisor.Settings restarts) {
        super("live-feed", consumers, restarts,
                Counter.builder("tracking.query.live.reader.restarts")
                        .description("Times the live reader's loop ended while running and was started again")
                        .register(meters));
        this.settings = properties.live();
        this.followers = new LiveFeedFollowers(progress, meters);
        this.handler = new LiveRecordHandler(listeners, followers, settings.maxFuture(), clock, meters);
        this.staleAfterNanos = settings.brokerCheckInterval().multipliedBy(3).toNanos();
        this.clock = clock;
        Gauge.builder("tracking.query.live.lag.records", this, reader -> reader.lagRecords)
                .description("Records of the location topic the live reader has not read yet (NaN: not reading)")
                .baseUnit("records").register(meters);
        Gauge.builder("tracking.query.live.lag.seconds", this, reader -> reader.lagSeconds)
                .description("Age of the last record the live reader read, while it has records left to read; "
                        + "else 0 (NaN: not reading)")
                .baseUnit("seconds").register(meters);
        Gauge.builder("tracking.query.live.reader.running", this, reader -> reader.reading ? 1 : 0)
                .description("1 while the live reader's poll loop runs, 0 otherwise").register(meters);
    }

    /**
     * Whether the reader has all partitions assigned, reached the brokers and completed a poll recently (readiness).
     * Measured on the monotonic clock: a wall clock set wrong cannot make a silent reader look healthy.
     */
    boolean isHealthy() {
        long now = System.nanoTime();
        return running() && !assignment.isEmpty() && lastBrokerContact != null
                && now - lastBrokerContactNanos < staleAfterNanos && now - lastPollNanos < staleAfterNanos;
    }

    Map<String, Object> details() {
        Instant contact = lastBrokerContact;
        return Map.of("topic", settings.topic(), "partitions", assignment.size(),
                "lastBrokerContact", contact == null ? "never" : contact.toString());
    }

    /** The supervised loop: one consumer, from its creation until the service stops or something escapes. */
    @Override
    protected void read(Consumer<byte[], byte[]> kafka) {
        try {
            reading = true;
            lastRecordMillis = -1;
            long nextCheck = System.nanoTime();
            while (running()) {
                turned();
                try {
                    if (System.nanoTime() - nextCheck >= 0) {
                        checkBrokerAndAssignment(kafka);
                        nextCheck = System.nanoTime() + (assignment.isEmpty() ? RETRY_PAUSE
                                : settings.brokerCheckInterval()).toNanos();
                    }
                    if (assignment.isEmpty()) {
                        pause();
                        continue;
                    }
                    if (followers.mustStart()) {
                        long seen = followers.startOvers();
                        reportStart(kafka, assignment);
                        followers.startReported(seen);
                    }
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(settings.pollTimeout());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        lastRecordMillis = record.timestamp();
                        handler.handle(record);
                    }
                    measureLag(kafka);
                    reportPositions(kafka);
                    lastPollNanos = System.nanoTime();
                } catch (WakeupException e) {
                    if (running()) {
                        log.debug("Live reader woken up while running");
                    }
                } catch (InvalidOffsetException e) {
                    // behind the topic's retention: the records in between are gone, and so is what followers knew
                    log.warn("Live reader: positions on {} partitions no longer exist; reading from their end",
                            e.partitions().size());
                    kafka.seekToEnd(e.partitions());
                    followers.startOver();
                } catch (RecordDeserializationException e) {
                    // not with byte-array deserializers, but should a record ever be unreadable here: step over it
                    log.warn("Live reader: skipping the unreadable record at {}@{}", e.topicPartition(), e.offset());
                    kafka.seek(e.topicPartition(), e.offset() + 1);
                    followers.startOver();
                } catch (KafkaException | IllegalStateException e) {
                    log.warn("Live reader: {}; retrying", e.getClass().getSimpleName());
                    nextCheck = System.nanoTime();
                    pause();
                }
            }
        } finally {
            reading = false;
            lagRecords = Double.NaN;
            lagSeconds = Double.NaN;
            assignment = Set.of();
            followers.reset();
            if (!running()) {
                log.info("Live reader stopped");
            }
        }
    }

    /**
     * Follows the topic's partitions (new ones included, at their end) and proves that the brokers answer: the
     * end-offset lookup is a remote call, unlike cached metadata.
     */
    private void checkBrokerAndAssignment(Consumer<byte[], byte[]> kafka) {
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
            followers.startOver();
            log.info("Live reader assigned {} partitions of {}, reading from their end", wanted.size(),
                    settings.topic());
        }
        kafka.endOffsets(wanted, BROKER_CALL_TIMEOUT);
        assignment = Set.copyOf(wanted);
        lastBrokerContactNanos = System.nanoTime();
        lastBrokerContact = clock.instant();
    }

    /** Tells the followers that reading starts over at the current positions of {@code partitions}. */
    private void reportStart(Consumer<byte[], byte[]> kafka, Set<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            long position = kafka.position(partition, BROKER_CALL_TIMEOUT);
            followers.started(partition.partition(), position);
        }
    }

    /**
     * The live lag after a poll, from what the consumer already knows (the end offsets of its last fetches): no
     * broker call, once per poll. A partition whose lag is not known yet (no fetch answered) counts 0.
     */
    private void measureLag(Consumer<byte[], byte[]> kafka) {
        long behind = 0;
        for (TopicPartition partition : assignment) {
            OptionalLong lag = kafka.currentLag(partition);
            if (lag.isPresent()) {
                behind += Math.max(0, lag.getAsLong());
            }
        }
        lagRecords = behind;
        // nothing read yet by this consumer (it starts at the end): no age to tell
        lagSeconds = behind > 0 && lastRecordMillis >= 0 ? Math.max(0, clock.millis() - lastRecordMillis) / 1000.0 : 0;
    }

    private void reportPositions(Consumer<byte[], byte[]> kafka) {
        if (followers.isEmpty()) {
            return;
        }
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition partition : kafka.assignment()) {
            positions.put(partition.partition(), kafka.position(partition, BROKER_CALL_TIMEOUT));
        }
        followers.reached(positions);
    }

    private void pause() {
        LockSupport.parkNanos(RETRY_PAUSE.toNanos());
    }
}
