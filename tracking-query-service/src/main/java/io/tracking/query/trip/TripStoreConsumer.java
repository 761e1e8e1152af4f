package io.tracking.query.trip;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.TripEvent;
import io.tracking.query.QueryProperties;
import io.tracking.query.system.LoopSupervisor;
import io.tracking.query.system.SupervisedConsumerLoop;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores the trip topics into PostgreSQL: trip events into {@code order_trip_events}, ETAs into {@code order_etas}
 * ({@link TripRepository}), as one member of the consumer group {@code trip-store-group} (the partitions spread
 * over the instances).
 *
 * <p>Each poll is one batch: its records are read ({@link TripRecords}; a record that breaks the contract is
 * counted in {@code tracking.query.trips.skipped}, {@code reader=store}, and stepped over), its ETAs collapsed to the
 * last one per order, and the whole batch written in one transaction. <b>Offsets are committed only after that
 * transaction committed</b>, so a crash or a rebalance in between redelivers the batch, which the idempotent writes
 * absorb: every committed record is stored (or skipped), none twice. A failed write rolls back the batch, rewinds
 * the consumer to its first records and tries again after a pause, so a database outage delays the store but never
 * skips a record; only a consumer that cannot keep running ends the loop, for {@link LoopSupervisor} to restart.
 * {@code read_committed}: records of an aborted transaction of the trip-event service are never stored.
 */
@Component
class TripStoreConsumer extends SupervisedConsumerLoop {

    static final LoopSupervisor.Settings RESTARTS = new LoopSupervisor.Settings(Duration.ofSeconds(1),
            Duration.ofSeconds(30), 5, Duration.ofMinutes(2));

    private static final Logger log = LoggerFactory.getLogger(TripStoreConsumer.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final QueryProperties.Trips settings;
    private final TripRecords records;
    private final TripRepository repository;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Counter storedEvents;
    private final Counter duplicateEvents;
    private final Counter storedEtas;
    private final Counter failures;

    @Autowired
    TripStoreConsumer(KafkaProperties kafka, QueryProperties properties, TripRepository repository,
            TransactionTemplate transactions, JsonMapper json, MeterRegistry meters) {
        // a new group stores everything the topics still hold: the events are kept with the order
        this(byteConsumers(kafka, properties.trips().storeGroup(), "earliest", "tracking-query-trip-store"),
                properties.trips(), repository, transactions, json, meters,
                RESTARTS);
    }

    TripStoreConsumer(Supplier<Consumer<byte[], byte[]>> consumers, QueryProperties.Trips settings,
            TripRepository repository, TransactionTemplate transactions, JsonMapper json, MeterRegistry meters,
            LoopSupervisor.Settings restarts) {
        super("trip-store", consumers, restarts,
                Counter.builder("tracking.query.trips.store.restarts")
                        .description("Times the trip store's loop ended while running and was started again")
                        .register(meters));
        this.settings = settings;
        this.records = new TripRecords(json);
        this.repository = repository;
        this.transactions = transactions;
        this.meters = meters;
        this.storedEvents = Counter.builder("tracking.query.trips.stored").tag("kind", "event")
                .description("Trip records written to PostgreSQL (events: new rows only)").register(meters);
        this.duplicateEvents = Counter.builder("tracking.query.trips.duplicates").tag("kind", "event")
                .description("Trip events received again and left as stored").register(meters);
        this.storedEtas = Counter.builder("tracking.query.trips.stored").tag("kind", "eta")
                .description("Trip records written to PostgreSQL (events: new rows only)").register(meters);
        this.failures = Counter.builder("tracking.query.trips.store.failures")
                .description("Batches whose write failed and was retried").register(meters);
    }

    /** What one poll brought, read and collapsed. */
    private record Batch(List<TripEvent> events, Map<String, @Nullable EtaUpdate> etas) {
    }

    @Override
    protected boolean enabled() {
        return settings.storeEnabled();
    }

    @Override
    protected void read(Consumer<byte[], byte[]> kafka) {
        kafka.subscribe(List.of(settings.eventsTopic(), settings.etasTopic()));
        int failuresInARow = 0;
        while (running()) {
            turned();
            ConsumerRecords<byte[], byte[]> polled;
            try {
                polled = kafka.poll(settings.pollTimeout());
            } catch (WakeupException e) {
                continue;
            } catch (KafkaException e) {
                log.warn("Trip store: poll failed ({}); retrying", e.getClass().getSimpleName());
                pause(MAX_RETRY);
                continue;
            }
            if (polled.isEmpty()) {
                continue;
            }
            try {
                store(decode(polled));
                failuresInARow = 0;
            } catch (RuntimeException e) {
                failures.increment();
                Duration pause = retryPause(++failuresInARow);
                log.warn("Trip store: writing {} records failed ({}), {} in a row; retrying in {}",
                        polled.count(), e.getClass().getSimpleName(), failuresInARow, pause);
                rewind(kafka, polled);
                pause(pause);
                continue;
            }
            commit(kafka, polled);
        }
    }

    private Batch decode(ConsumerRecords<byte[], byte[]> polled) {
        List<TripEvent> events = new ArrayList<>();
        // insertion order is offset order within a partition, and an order's records share one partition
        Map<String, @Nullable EtaUpdate> etas = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            try {
                if (record.topic().equals(settings.eventsTopic())) {
                    events.add(records.event(record.key(), record.value()));
                } else if (record.value() == null && record.key() != null) {
                    // a tombstone on the compacted topic: the order has no next stop any more
                    etas.put(new String(record.key(), StandardCharsets.UTF_8), null);
                } else {
                    EtaUpdate eta = records.eta(record.key(), record.value());
                    EtaUpdate kept = etas.get(eta.orderId());
                    if (kept == null || !kept.computedAt().isAfter(eta.computedAt())) {
                        etas.put(eta.orderId(), eta);
                    }
                }
            } catch (TripRecords.Rejected e) {
                meters.counter("tracking.query.trips.skipped", "topic", record.topic(), "reason", e.reason(),
                        "reader", "store").increment();
                log.warn("Trip store: skipping the {} record at {}-{}@{}", e.reason(), record.topic(),
                        record.partition(), record.offset());
            }
        }
        return new Batch(events, etas);
    }

    private void store(Batch batch) {
        List<EtaUpdate> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        batch.etas().forEach((orderId, eta) -> {
            if (eta == null) {
                deletes.add(orderId);
            } else {
                upserts.add(eta);
            }
        });
        Integer inserted = transactions.execute(status -> {
            int fresh = repository.insertEvents(batch.events());
            repository.deleteEtas(deletes);
            repository.upsertEtas(upserts);
            return fresh;
        });
        int fresh = inserted == null ? 0 : inserted;
        storedEvents.increment(fresh);
        duplicateEvents.increment(batch.events().size() - fresh);
        storedEtas.increment(upserts.size());
    }

    /** Commits past the batch; a commit lost to a rebalance only means the batch is stored again, unchanged. */
    private void commit(Consumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> polled) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            offsets.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        try {
            kafka.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (WakeupException e) {
            // stopping: the next owner stores the batch again
        } catch (KafkaException e) {
            log.warn("Trip store: committing offsets failed ({}); the batch may be stored again",
                    e.getClass().getSimpleName());
        }
    }

    /** Sets the consumer back to the first record of the batch on each partition, to read it again. */
    private static void rewind(Consumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> polled) {
        for (TopicPartition partition : polled.partitions()) {
            if (kafka.assignment().contains(partition)) {
                kafka.seek(partition, polled.records(partition).get(0).offset());
            }
        }
    }

    private static Duration retryPause(int failures) {
        Duration pause = FIRST_RETRY;
        for (int i = 1; i < failures && pause.compareTo(MAX_RETRY) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause;
    }

    private void pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        for (long left = pause.toNanos(); running() && left > 0; left = until - System.nanoTime()) {
            turned();
            LockSupport.parkNanos(Math.min(left, 100_000_000L));
        }
    }

}
