package io.tracking.query.trip;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.trip.TripEvent;
import io.tracking.query.QueryProperties;
import io.tracking.query.system.LoopSupervisor;
import io.tracking.query.system.SupervisedConsumerLoop;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the trip events topic for this instance's open order streams and hands every event to the
 * {@link TripEventListener}s as it is read.
 *
 * <p>Like the live location reader: no consumer group, all partitions by manual assignment, starting at their end,
 * never committing, {@code read_committed} (an event of an aborted transaction of the trip-event service is never
 * shown). Events published while no stream was open, or while this instance was down, are not its business: a
 * stream starts with the order's stored events, and clients dedupe on {@code eventId}. A record that breaks the
 * contract is counted ({@code tracking.query.trips.skipped}, {@code reader=feed}) and stepped over; a listener that
 * throws is counted and logged and never stops the feed.
 */
@Component
class TripEventFeed extends SupervisedConsumerLoop {

    private static final Logger log = LoggerFactory.getLogger(TripEventFeed.class);
    private static final Duration BROKER_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final QueryProperties.Trips settings;
    private final TripRecords records;
    private final List<TripEventListener> listeners;
    private final MeterRegistry meters;
    private final Counter listenerFailures;

    @Autowired
    TripEventFeed(KafkaProperties kafka, QueryProperties properties, List<TripEventListener> listeners,
            JsonMapper json, MeterRegistry meters) {
        // no group: every instance sees every event, for the streams open on it
        this(byteConsumers(kafka, null, "latest", "tracking-query-trip-feed"), properties.trips(), listeners, json,
                meters, TripStoreConsumer.RESTARTS);
    }

    TripEventFeed(Supplier<Consumer<byte[], byte[]>> consumers, QueryProperties.Trips settings,
            List<TripEventListener> listeners, JsonMapper json, MeterRegistry meters,
            LoopSupervisor.Settings restarts) {
        super("trip-feed", consumers, restarts,
                Counter.builder("tracking.query.trips.feed.restarts")
                        .description("Times the trip feed's loop ended while running and was started again")
                        .register(meters));
        this.settings = settings;
        this.records = new TripRecords(json);
        this.listeners = List.copyOf(listeners);
        this.meters = meters;
        this.listenerFailures = Counter.builder("tracking.query.trips.feed.listener.failures")
                .description("Trip events a listener (the order streams) failed to take").register(meters);
    }

    @Override
    protected boolean enabled() {
        return settings.feedEnabled();
    }

    @Override
    protected void read(Consumer<byte[], byte[]> kafka) {
        long nextCheck = System.nanoTime();
        while (running()) {
            turned();
            try {
                if (System.nanoTime() - nextCheck >= 0) {
                    boolean assigned = follow(kafka);
                    nextCheck = System.nanoTime() + (assigned ? PARTITION_CHECK : RETRY_PAUSE).toNanos();
                }
                if (kafka.assignment().isEmpty()) {
                    LockSupport.parkNanos(RETRY_PAUSE.toNanos());
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(settings.pollTimeout())) {
                    handle(record);
                }
            } catch (WakeupException e) {
                // stopping, or a stray wakeup: the loop condition decides
            } catch (InvalidOffsetException e) {
                kafka.seekToEnd(e.partitions());
            } catch (KafkaException e) {
                log.warn("Trip feed: {}; retrying", e.getClass().getSimpleName());
                nextCheck = System.nanoTime();
                LockSupport.parkNanos(RETRY_PAUSE.toNanos());
            }
        }
    }

    /** Assigns every partition of the topic, new ones from their end; whether any exists. */
    private boolean follow(Consumer<byte[], byte[]> kafka) {
        List<PartitionInfo> partitions = kafka.partitionsFor(settings.eventsTopic(), BROKER_CALL_TIMEOUT);
        Set<TopicPartition> wanted = new HashSet<>();
        if (partitions != null) {
            for (PartitionInfo partition : partitions) {
                wanted.add(new TopicPartition(partition.topic(), partition.partition()));
            }
        }
        if (!wanted.isEmpty() && !wanted.equals(kafka.assignment())) {
            Set<TopicPartition> added = new HashSet<>(wanted);
            added.removeAll(kafka.assignment());
            kafka.assign(wanted);
            kafka.seekToEnd(added);
            // resolved now, so that an event published from here on is seen
            for (TopicPartition partition : added) {
                kafka.position(partition, BROKER_CALL_TIMEOUT);
            }
            log.info("Trip feed assigned {} partitions of {}, reading from their end", wanted.size(),
                    settings.eventsTopic());
        }
        return !wanted.isEmpty();
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        TripEvent event;
        try {
            event = records.event(record.key(), record.value());
        } catch (TripRecords.Rejected e) {
            meters.counter("tracking.query.trips.skipped", "topic", record.topic(), "reason", e.reason(),
                    "reader", "feed").increment();
            return;
        }
        for (TripEventListener listener : listeners) {
            try {
                listener.onTripEvent(event);
            } catch (RuntimeException e) {
                listenerFailures.increment();
                log.warn("Trip feed: {} failed to take the event at {}-{}@{} ({})",
                        listener.getClass().getSimpleName(), record.topic(), record.partition(), record.offset(),
                        e.getClass().getSimpleName());
            }
        }
    }

}
