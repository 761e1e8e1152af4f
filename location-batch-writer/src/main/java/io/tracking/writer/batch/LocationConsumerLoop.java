package io.tracking.writer.batch;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tracking.contract.LocationUpdate;
import io.tracking.writer.BatchWriterProperties;
import io.tracking.writer.batch.LocationRecordDecoder.Decoded;
import io.tracking.writer.partition.HistoryPartitions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;

/**
 * The poll loop: owns the Kafka consumer on one thread, feeds the {@link LocationBuffer}, and hands due flushes
 * to the {@link LocationBatchWriter} on a second thread, so that fetching and decoding the next batch overlaps
 * with writing the previous one. At most one flush is being written at a time.
 *
 * <p>Where offsets live: the stored positions in PostgreSQL ({@link ConsumerPositions}) are the truth. They move
 * in the transaction that stores the rows they cover; on assignment the consumer seeks to them (no row: the
 * earliest offset). Kafka's committed offsets are written afterwards only as a copy for lag monitoring. Hence a
 * crash at any moment neither loses nor repeats a ping.
 *
 * <p>When the database fails, the flush is kept and retried with exponential back-off; meanwhile the buffer fills
 * up to its bound, the partitions are paused, and the loop keeps polling so that the group membership survives.
 * On revocation the buffered records are flushed once, or dropped if that fails: the new owner reads them again
 * from the stored positions.
 *
 * <p>No record can end the loop: the decoder is total, and a fault of ours on one record sends that record to the
 * dead-letter topic. Should the loop end anyway, its {@link LoopSupervisor} starts a new life of it: fresh
 * consumer and state, positions reloaded from PostgreSQL on assignment, exactly as after a process restart.
 */
final class LocationConsumerLoop implements Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocationConsumerLoop.class);

    private final BatchWriterProperties properties;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final LocationRecordDecoder decoder;
    private final DeadLetterPublisher deadLetters;
    private final LocationBatchWriter writer;
    private final ConsumerPositions positions;
    private final HistoryPartitions partitions;
    private final WriterMetrics metrics;
    private final WriterState state;
    private final Clock clock;
    private final String name;
    private final LoopSupervisor supervisor;

    private final Object lifecycleMonitor = new Object();
    private volatile boolean running;
    private volatile boolean aborting;
    private volatile @Nullable Consumer<byte[], byte[]> consumer;
    private @Nullable Thread pollThread;
    private @Nullable ExecutorService writerThread;

    // state below is touched by the poll thread only (rebalance callbacks run on it too)
    private LocationBuffer buffer;
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final Set<TopicPartition> awaitingPositions = new HashSet<>();
    private @Nullable InFlight inFlight;
    private @Nullable FlushBatch retry;
    private long retryAtNanos;
    private long positionsRetryAtNanos;
    private long gaugesAtNanos;
    private volatile long writerIdleSinceNanos;
    private long waitingOnBroker;
    private boolean closing;
    private final RetryBackoff flushBackoff;
    private final RetryBackoff positionsBackoff;

    private record InFlight(FlushBatch batch, Future<FlushResult> result, long startedNanos) {
    }

    LocationConsumerLoop(BatchWriterProperties properties, Supplier<Consumer<byte[], byte[]>> consumers,
            LocationRecordDecoder decoder, DeadLetterPublisher deadLetters, LocationBatchWriter writer,
            ConsumerPositions positions, HistoryPartitions partitions, WriterMetrics metrics, WriterState state,
            LoopSupervisor.Liveness liveness, Clock clock, String name) {
        this.properties = properties;
        this.consumers = consumers;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.writer = writer;
        this.positions = positions;
        this.partitions = partitions;
        this.metrics = metrics;
        this.state = state;
        this.clock = clock;
        this.name = name;
        this.supervisor = new LoopSupervisor(name, properties.supervision(), metrics, liveness, System::nanoTime);
        this.buffer = newBuffer();
        BatchWriterProperties.Retry retrySettings = properties.retry();
        this.flushBackoff = new RetryBackoff(retrySettings.initialBackoff(), retrySettings.maxBackoff(),
                retrySettings.multiplier());
        this.positionsBackoff = new RetryBackoff(retrySettings.initialBackoff(), retrySettings.maxBackoff(),
                retrySettings.multiplier());
    }

    private LocationBuffer newBuffer() {
        BatchWriterProperties.Flush flush = properties.flush();
        return new LocationBuffer(flush.batchSize(), flush.backlogBatchSize(), flush.maxWait().toNanos(),
                flush.maxBufferedRecords());
    }

    // ---- lifecycle

    @Override
    public void start() {
        synchronized (lifecycleMonitor) {
            if (running) {
                return;
            }
            running = true;
            aborting = false;
            writerThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name + "-writer"));
            Thread thread = new Thread(() -> supervisor.run(() -> running, this::pollLoop), name);
            metrics.watch(state);
            pollThread = thread;
            thread.start();
        }
    }

    @Override
    public void stop() {
        halt(false);
    }

    /**
     * Stops like a crash would: closes the consumer without flushing what is buffered. For tests of the
     * effectively-once guarantee.
     */
    void abort() {
        halt(true);
    }

    private void halt(boolean abort) {
        synchronized (lifecycleMonitor) {
            if (!running) {
                return;
            }
            aborting = abort;
            running = false;
            supervisor.wakeUp();
            Consumer<byte[], byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            Thread thread = pollThread;
            if (thread != null) {
                try {
                    thread.join(properties.flush().shutdownTimeout().plusSeconds(30).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ExecutorService executor = writerThread;
            if (executor != null) {
                executor.shutdown();
                try {
                    // a flush being written finishes (commits or fails) before stop returns
                    executor.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            pollThread = null;
            metrics.unwatch(state);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // ---- the loop

    /** One life of the loop, from a fresh consumer and state to a stop or a failure (which the supervisor sees). */
    private void pollLoop() {
        startAfresh();
        Consumer<byte[], byte[]> kafka = consumers.get();
        consumer = kafka;
        try {
            kafka.subscribe(List.of(properties.topic()), new Rebalance(kafka));
            state.running(true);
            while (running) {
                long now = System.nanoTime();
                completeFlush(kafka, false);
                startFlushIfDue(now);
                loadPositions(kafka, now);
                applyBackpressure(kafka);
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = kafka.poll(pollTimeout(now));
                } catch (WakeupException e) {
                    continue;
                }
                accept(records);
                waitingOnBroker = waitingOnBroker(kafka);
                reportGauges(kafka, now);
            }
            if (!aborting) {
                drainOnStop(kafka);
            }
        } finally {
            state.running(false);
            closing = true;
            awaitInFlight();
            closeQuietly(kafka);
            consumer = null;
        }
    }

    /** The state of a new life: nothing held, nothing known about positions until the next assignment. */
    private void startAfresh() {
        closing = false;
        buffer = newBuffer();
        stored.clear();
        consumed.clear();
        awaitingPositions.clear();
        inFlight = null;
        retry = null;
        waitingOnBroker = 0;
        writerIdleSinceNanos = System.nanoTime();
        flushBackoff.reset();
        positionsBackoff.reset();
    }

    /**
     * After a failure, waits for the flush being written, whatever its outcome: the next life reloads the stored
     * positions, and must not do so while this flush may still move them.
     */
    private void awaitInFlight() {
        InFlight flush = inFlight;
        inFlight = null;
        if (flush != null) {
            try {
                getUninterruptibly(flush.result());
            } catch (ExecutionException e) {
                log.debug("Flush of a failed loop failed too", e.getCause());
            }
        }
    }

    private Duration pollTimeout(long now) {
        long wait = properties.flush().pollTimeout().toNanos();
        if (inFlight == null) {
            // while a flush is being written the writer wakes the consumer up when done
            wait = Math.min(wait, buffer.nanosUntilDue(now));
            if (retry != null) {
                wait = Math.min(wait, retryAtNanos - now);
            }
        }
        if (!awaitingPositions.isEmpty()) {
            wait = Math.min(wait, positionsRetryAtNanos - now);
        }
        return Duration.ofNanos(Math.max(0, wait));
    }

    private void accept(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant retentionCutoff = partitions.retentionCutoff(now);
        long nowNanos = System.nanoTime();
        for (TopicPartition partition : records.partitions()) {
            if (!stored.containsKey(partition)) {
                // not (or no longer) ours, or its position is not loaded yet: it is read again after the seek
                continue;
            }
            long next = -1;
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                try {
                    accept(partition, record, retentionCutoff, now, nowNanos);
                } catch (RuntimeException | StackOverflowError e) {
                    // no record may end the loop: one we fail on goes to the dead-letter topic like a bad one
                    log.error("Record {}-{}@{} could not be handled ({})", record.topic(), record.partition(),
                            record.offset(), e.getClass().getName());
                    deadLetter(partition, record, new Rejection(Rejection.UNDECODABLE, "value", "internal",
                            "record could not be handled"), nowNanos);
                }
                next = record.offset() + 1;
            }
            if (next >= 0) {
                consumed.put(partition, next);
            }
        }
    }

    private void accept(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Instant retentionCutoff,
            Instant now, long nowNanos) {
        Decoded decoded = decoder.decode(record.key(), record.value(), retentionCutoff, now);
        LocationUpdate update = decoded.update();
        Rejection rejection = decoded.rejection();
        if (update != null) {
            buffer.add(partition, record.offset(), update, nowNanos);
        } else if (rejection != null) {
            deadLetter(partition, record, rejection, nowNanos);
        }
    }

    private void deadLetter(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Rejection rejection,
            long nowNanos) {
        log.warn("Record {}-{}@{} goes to the dead-letter topic: {} ({} {})", record.topic(), record.partition(),
                record.offset(), rejection.reason(), rejection.field(), rejection.rule());
        metrics.deadLetter(rejection.reason());
        buffer.addDeadLetter(partition, record.offset(), deadLetters.send(record, rejection), nowNanos);
    }

    // ---- flushing

    private void startFlushIfDue(long now) {
        if (inFlight != null) {
            return;
        }
        FlushBatch batch;
        FlushBatch pending = retry;
        if (pending != null) {
            if (now - retryAtNanos < 0) {
                return;
            }
            // what arrived meanwhile goes along: the bound on buffered records already counts the retried ones
            batch = pending.followedBy(buffer.drain());
            retry = null;
        } else if (buffer.shouldFlush(now, waitingOnBroker)) {
            batch = buffer.drain();
        } else {
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> expected = expectedPositions(batch);
        ExecutorService executor = writerThread;
        if (executor == null) {
            return;
        }
        if (log.isDebugEnabled()) {
            log.debug("Flush of {} records starts; the writer was idle for {} ms", batch.records(),
                    TimeUnit.NANOSECONDS.toMillis(now - writerIdleSinceNanos));
        }
        Future<FlushResult> result = executor.submit(() -> {
            try {
                return writer.write(batch, expected);
            } finally {
                writerIdleSinceNanos = System.nanoTime();
                Consumer<byte[], byte[]> current = consumer;
                if (current != null) {
                    current.wakeup();
                }
            }
        });
        inFlight = new InFlight(batch, result, System.nanoTime());
    }

    private Map<TopicPartition, Long> expectedPositions(FlushBatch batch) {
        Map<TopicPartition, Long> expected = new HashMap<>();
        for (TopicPartition partition : batch.nextOffsets().keySet()) {
            Long position = stored.get(partition);
            if (position != null) {
                expected.put(partition, position);
            }
        }
        return expected;
    }

    /** Handles the flush being written once it is done; with {@code wait}, waits for it first. */
    private void completeFlush(Consumer<byte[], byte[]> kafka, boolean wait) {
        InFlight flush = inFlight;
        if (flush == null || (!wait && !flush.result().isDone())) {
            return;
        }
        inFlight = null;
        FlushResult result;
        try {
            result = getUninterruptibly(flush.result());
        } catch (ExecutionException e) {
            failedAttempt(flush.batch(), e.getCause() == null ? e : e.getCause());
            return;
        }
        handle(kafka, flush.batch(), result, flush.startedNanos());
    }

    /** Writes everything held, once, on the poll thread; used on revocation and on stop. */
    private void flushNow(Consumer<byte[], byte[]> kafka) {
        FlushBatch pending = retry;
        FlushBatch batch = pending == null ? buffer.drain() : pending.followedBy(buffer.drain());
        retry = null;
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            handle(kafka, batch, writer.write(batch, expectedPositions(batch)), started);
        } catch (SQLException | RuntimeException e) {
            failedAttempt(batch, e);
        }
    }

    private void handle(Consumer<byte[], byte[]> kafka, FlushBatch batch, FlushResult result, long startedNanos) {
        if (result instanceof FlushResult.Committed committed) {
            stored.putAll(batch.nextOffsets());
            flushBackoff.reset();
            supervisor.progressed();
            state.succeeded(clock.instant());
            metrics.committed(committed, batch.records(), System.nanoTime() - startedNanos);
            log.debug("Stored {} pings ({} new, {} duplicate), {} dead letters; positions {}", batch.pings().size(),
                    committed.historyRows(), committed.duplicates(), batch.deadLetters().size(), batch.nextOffsets());
            commitCopy(kafka, batch.nextOffsets());
        } else if (result instanceof FlushResult.Fenced fenced) {
            metrics.fenced();
            Set<TopicPartition> lost = fenced.partitions();
            log.warn("Stored positions of {} were moved by another consumer; dropping what this instance read from"
                    + " them and re-reading from the stored positions", lost);
            FlushBatch rest = batch.without(lost);
            buffer.drop(lost);
            stored.keySet().removeAll(lost);
            consumed.keySet().removeAll(lost);
            awaitingPositions.addAll(lost);
            positionsRetryAtNanos = System.nanoTime();
            if (!rest.isEmpty()) {
                retry = rest;
                retryAtNanos = System.nanoTime();
            }
        }
    }

    private void failedAttempt(FlushBatch batch, Throwable failure) {
        metrics.failed();
        state.failed(failure);
        long delay = flushBackoff.nextDelayNanos();
        retry = batch;
        retryAtNanos = System.nanoTime() + delay;
        log.warn("Flush of {} records failed ({}); keeping them, next attempt in {} ms", batch.records(),
                state.lastFailure(), TimeUnit.NANOSECONDS.toMillis(delay));
        log.debug("Flush failure", failure);
    }

    private void commitCopy(Consumer<byte[], byte[]> kafka, Map<TopicPartition, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        // only a copy for lag monitoring: the stored positions are the truth, so a failed commit is harmless
        try {
            kafka.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    log.debug("Copy of the positions to Kafka failed: {}", e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Copy of the positions to Kafka failed: {}", e.toString());
        }
    }

    private void drainOnStop(Consumer<byte[], byte[]> kafka) {
        completeFlush(kafka, true);
        long deadline = System.nanoTime() + properties.flush().shutdownTimeout().toNanos();
        flushNow(kafka);
        while (retry != null && !retry.isEmpty()) {
            long wait = retryAtNanos - System.nanoTime();
            if (System.nanoTime() + Math.max(0, wait) > deadline) {
                log.warn("Stopping with {} records not stored; they will be read again from the stored positions",
                        retry.records());
                return;
            }
            if (wait > 0) {
                try {
                    // back-off between attempts, not a synchronisation
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            flushNow(kafka);
        }
    }

    // ---- partitions

    private void loadPositions(Consumer<byte[], byte[]> kafka, long now) {
        if (awaitingPositions.isEmpty() || now - positionsRetryAtNanos < 0) {
            return;
        }
        awaitingPositions.retainAll(kafka.assignment());
        if (awaitingPositions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> loaded;
        try {
            loaded = positions.load(awaitingPositions);
        } catch (SQLException | RuntimeException e) {
            state.failed(e);
            long delay = positionsBackoff.nextDelayNanos();
            positionsRetryAtNanos = now + delay;
            log.warn("Could not read the stored positions of {} ({}); next attempt in {} ms", awaitingPositions,
                    state.lastFailure(), TimeUnit.NANOSECONDS.toMillis(delay));
            return;
        }
        positionsBackoff.reset();
        List<TopicPartition> fromBeginning = new ArrayList<>();
        loaded.forEach((partition, offset) -> {
            if (offset == ConsumerPositions.NO_ROW) {
                fromBeginning.add(partition);
            } else {
                kafka.seek(partition, offset);
            }
            stored.put(partition, offset);
            consumed.remove(partition);
        });
        if (!fromBeginning.isEmpty()) {
            kafka.seekToBeginning(fromBeginning);
        }
        log.info("Resuming {} partitions from stored positions {}", loaded.size(), loaded);
        awaitingPositions.clear();
    }

    private void applyBackpressure(Consumer<byte[], byte[]> kafka) {
        int beingWritten = (inFlight == null ? 0 : inFlight.batch().records())
                + (retry == null ? 0 : retry.records());
        boolean full = buffer.isFull(beingWritten);
        Set<TopicPartition> paused = kafka.paused();
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        for (TopicPartition partition : kafka.assignment()) {
            boolean hold = full || awaitingPositions.contains(partition);
            if (hold && !paused.contains(partition)) {
                toPause.add(partition);
            } else if (!hold && paused.contains(partition)) {
                toResume.add(partition);
            }
        }
        if (!toPause.isEmpty()) {
            kafka.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            kafka.resume(toResume);
        }
        state.bufferedRecords(buffer.size() + beingWritten);
    }

    private void reportGauges(Consumer<byte[], byte[]> kafka, long now) {
        if (now - gaugesAtNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        gaugesAtNanos = now;
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> entry : stored.entrySet()) {
            OptionalLong fetchLag = kafka.currentLag(entry.getKey());
            long read = consumed.getOrDefault(entry.getKey(), entry.getValue());
            lag += (fetchLag.isPresent() ? fetchLag.getAsLong() : 0) + Math.max(0, read - Math.max(0, entry.getValue()));
        }
        state.consumerLag(lag);
        state.assignedPartitions(kafka.assignment().size());
    }

    /** Records of the owned partitions still on the broker, as far as the last fetch tells. */
    private long waitingOnBroker(Consumer<byte[], byte[]> kafka) {
        long waiting = 0;
        for (TopicPartition partition : stored.keySet()) {
            OptionalLong lag = kafka.currentLag(partition);
            if (lag.isPresent()) {
                waiting += lag.getAsLong();
            }
        }
        return waiting;
    }

    private void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        FlushBatch pending = retry;
        if (pending != null) {
            FlushBatch rest = pending.without(gone);
            retry = rest.isEmpty() ? null : rest;
        }
        buffer.drop(gone);
        stored.keySet().removeAll(gone);
        consumed.keySet().removeAll(gone);
        awaitingPositions.removeAll(gone);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        private final Consumer<byte[], byte[]> kafka;

        Rebalance(Consumer<byte[], byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) {
                return;
            }
            log.info("Partitions revoked: {}", revoked);
            if (!aborting) {
                // a single attempt each, bounded by the connection and socket timeouts
                completeFlush(kafka, true);
                if (!closing) {
                    flushNow(kafka);
                }
            }
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            log.info("Partitions lost: {}", lost);
            if (!aborting) {
                completeFlush(kafka, true);
            }
            // not ours any more: whatever is buffered is read again by the new owner
            forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            log.info("Partitions assigned: {}", assigned);
            awaitingPositions.addAll(assigned);
            kafka.pause(assigned);
            positionsRetryAtNanos = System.nanoTime();
            loadPositions(kafka, System.nanoTime());
            state.assignedPartitions(kafka.assignment().size());
        }
    }

    private void closeQuietly(Consumer<byte[], byte[]> kafka) {
        try {
            kafka.close(CloseOptions.timeout(aborting ? Duration.ofSeconds(1) : Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            log.warn("Consumer did not close cleanly: {}", e.toString());
        }
    }

    private static <T> T getUninterruptibly(Future<T> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
