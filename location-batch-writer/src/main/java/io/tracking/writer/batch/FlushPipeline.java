package io.tracking.writer.batch;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import io.tracking.contract.LocationUpdate;
import io.tracking.writer.BatchWriterProperties;
import io.tracking.writer.batch.LocationRecordDecoder.Decoded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in, flushes out, for one life of a poll loop: decodes what was read into the {@link LocationBuffer}
 * (what cannot be stored goes to the dead-letter topic), and hands each due flush to the {@link FlushWriter} on the
 * writer thread, so that fetching and decoding the next batch overlaps with writing the previous one. At most one
 * flush is being written at a time.
 *
 * <p>Outcomes: a committed flush reports its next offsets ({@link Outcomes#committed}); only then do positions
 * move. A fenced flush (another instance moved a stored position) reports the partitions it lost, drops what it
 * read from them and writes the rest at once, without back-off. A failure (the database away) keeps the flush and
 * retries it, with what arrived meanwhile, after an exponential back-off; meanwhile the buffer fills up to its bound
 * ({@link #isFull}). Pings the database refuses are not a failure: the writer isolates them and dead-letters them
 * within the flush that commits.
 *
 * <p>Called on the poll thread only, except {@link Outcomes#flushDone}, which the writer thread calls.
 */
final class FlushPipeline implements PartitionPositions.Holder {

    private static final Logger log = LoggerFactory.getLogger(FlushPipeline.class);

    /** What the pipeline asks of and tells the owner of the positions. */
    interface Outcomes {

        /** Per partition among {@code partitions}, the stored position last read or written; none if unknown. */
        Map<TopicPartition, Long> stored(Set<TopicPartition> partitions);

        /** A flush committed: the stored positions are these now. */
        void committed(Map<TopicPartition, Long> nextOffsets);

        /** A flush was fenced: these partitions are another consumer's now, nothing of the flush was stored. */
        void fenced(Set<TopicPartition> partitions);

        /** The writer thread finished a flush, whatever its outcome; called on the writer thread. */
        void flushDone();
    }

    private record InFlight(FlushBatch batch, Future<FlushResult> result, long startedNanos) {
    }

    private final BatchWriterProperties.Flush settings;
    private final LocationRecordDecoder decoder;
    private final UnaryOperator<Instant> retentionCutoff;
    private final DeadLetterPublisher deadLetters;
    private final FlushWriter writer;
    private final ExecutorService writerThread;
    private final Outcomes outcomes;
    private final BooleanSupplier abandoned;
    private final WriterMetrics metrics;
    private final WriterState state;
    private final Clock clock;
    private final RetryBackoff backoff;
    private final LocationBuffer buffer;

    private @Nullable InFlight inFlight;
    private @Nullable FlushBatch retry;
    private long retryAtNanos;
    private boolean closing;
    private volatile long writerIdleSinceNanos = System.nanoTime();

    /**
     * @param retentionCutoff for a time, the oldest {@code recordedAt} still kept
     * @param writerThread where flushes are written; shared by the lives of a loop
     * @param abandoned whether the loop stops like a crash: nothing more is written, not even on revocation
     */
    FlushPipeline(BatchWriterProperties properties, LocationRecordDecoder decoder,
            UnaryOperator<Instant> retentionCutoff, DeadLetterPublisher deadLetters, FlushWriter writer,
            ExecutorService writerThread, Outcomes outcomes, BooleanSupplier abandoned, WriterMetrics metrics,
            WriterState state, Clock clock) {
        this.settings = properties.flush();
        this.decoder = decoder;
        this.retentionCutoff = retentionCutoff;
        this.deadLetters = deadLetters;
        this.writer = writer;
        this.writerThread = writerThread;
        this.outcomes = outcomes;
        this.abandoned = abandoned;
        this.metrics = metrics;
        this.state = state;
        this.clock = clock;
        BatchWriterProperties.Retry retrySettings = properties.retry();
        this.backoff = new RetryBackoff(retrySettings.initialBackoff(), retrySettings.maxBackoff(),
                retrySettings.multiplier());
        this.buffer = new LocationBuffer(settings.batchSize(), settings.backlogBatchSize(),
                settings.maxWait().toNanos(), settings.maxBufferedRecords());
    }

    // ---- intake

    /** Decodes the records read, per partition in offset order, into pings and dead letters to flush. */
    void accept(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records) {
        if (records.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant cutoff = retentionCutoff.apply(now);
        long nowNanos = System.nanoTime();
        records.forEach((partition, ofPartition) -> {
            for (ConsumerRecord<byte[], byte[]> record : ofPartition) {
                try {
                    accept(partition, record, cutoff, now, nowNanos);
                } catch (RuntimeException | StackOverflowError e) {
                    // no record may end the loop: one we fail on goes to the dead-letter topic like a bad one
                    log.error("Record {}-{}@{} could not be handled ({})", record.topic(), record.partition(),
                            record.offset(), e.getClass().getName());
                    deadLetter(partition, record, new Rejection(Rejection.UNDECODABLE, "value", "internal",
                            "record could not be handled"), nowNanos);
                }
            }
        });
    }

    private void accept(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Instant cutoff,
            Instant now, long nowNanos) {
        Decoded decoded = decoder.decode(record.key(), record.value(), cutoff, now);
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

    // ---- what the loop asks

    /** Whether the loop should stop fetching: the records held, buffered or being written, reached the bound. */
    boolean isFull() {
        return buffer.isFull(beingWritten());
    }

    /** Records held in memory, buffered or being written. */
    long heldRecords() {
        return buffer.size() + beingWritten();
    }

    private int beingWritten() {
        InFlight flush = inFlight;
        FlushBatch pending = retry;
        return (flush == null ? 0 : flush.batch().records()) + (pending == null ? 0 : pending.records());
    }

    /**
     * How long the loop may wait for records before this pipeline has something to do; {@link Long#MAX_VALUE}
     * while a flush is being written, since {@link Outcomes#flushDone} tells when it is done.
     */
    long nanosUntilDue(long now) {
        if (inFlight != null) {
            return Long.MAX_VALUE;
        }
        long wait = buffer.nanosUntilDue(now);
        if (retry != null) {
            wait = Math.min(wait, retryAtNanos - now);
        }
        return wait;
    }

    // ---- flushing

    /** Handles the flush written meanwhile, if it is done, then starts the next one when due. */
    void flushIfDue(long now, long waitingOnBroker) {
        completeFlush(false);
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
        Map<TopicPartition, Long> expected = outcomes.stored(batch.nextOffsets().keySet());
        if (log.isDebugEnabled()) {
            log.debug("Flush of {} records starts; the writer was idle for {} ms", batch.records(),
                    TimeUnit.NANOSECONDS.toMillis(now - writerIdleSinceNanos));
        }
        Future<FlushResult> result = writerThread.submit(() -> {
            try {
                return writer.write(batch, expected);
            } finally {
                writerIdleSinceNanos = System.nanoTime();
                outcomes.flushDone();
            }
        });
        inFlight = new InFlight(batch, result, System.nanoTime());
    }

    /** Handles the flush being written once it is done; with {@code wait}, waits for it first. */
    private void completeFlush(boolean wait) {
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
        handle(flush.batch(), result, flush.startedNanos());
    }

    /** Writes everything held, once, on the calling thread; used on revocation and on stop. */
    private void flushNow() {
        FlushBatch pending = retry;
        FlushBatch batch = pending == null ? buffer.drain() : pending.followedBy(buffer.drain());
        retry = null;
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            handle(batch, writer.write(batch, outcomes.stored(batch.nextOffsets().keySet())), started);
        } catch (SQLException | RuntimeException e) {
            failedAttempt(batch, e);
        }
    }

    private void handle(FlushBatch batch, FlushResult result, long startedNanos) {
        if (result instanceof FlushResult.Committed committed) {
            backoff.reset();
            state.succeeded(clock.instant());
            metrics.committed(committed, batch.records(), System.nanoTime() - startedNanos);
            log.debug("Stored {} pings ({} new, {} duplicate), {} dead letters; positions {}", batch.pings().size(),
                    committed.historyRows(), committed.duplicates(), batch.deadLetters().size(), batch.nextOffsets());
            outcomes.committed(batch.nextOffsets());
        } else if (result instanceof FlushResult.Fenced fenced) {
            metrics.fenced();
            Set<TopicPartition> lost = fenced.partitions();
            log.warn("Stored positions of {} were moved by another consumer; dropping what this instance read from"
                    + " them and re-reading from the stored positions", lost);
            FlushBatch rest = batch.without(lost);
            buffer.drop(lost);
            outcomes.fenced(lost);
            if (!rest.isEmpty()) {
                retry = rest;
                retryAtNanos = System.nanoTime();
            }
        }
    }

    private void failedAttempt(FlushBatch batch, Throwable failure) {
        metrics.failed();
        state.failed(failure);
        long delay = backoff.nextDelayNanos();
        retry = batch;
        retryAtNanos = System.nanoTime() + delay;
        log.warn("Flush of {} records failed ({}); keeping them, next attempt in {} ms", batch.records(),
                state.lastFailure(), TimeUnit.NANOSECONDS.toMillis(delay));
        log.debug("Flush failure", failure);
    }

    // ---- ending

    /**
     * On stop: handles the flush being written, then writes everything held on the calling thread, retrying with
     * back-off for at most the shutdown timeout. What is still not stored then is read again from the stored
     * positions by the next owner.
     */
    void drain() {
        completeFlush(true);
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        flushNow();
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
            flushNow();
        }
    }

    /**
     * At the end of a life, whatever ended it: nothing more is written, and the flush being written is waited for,
     * whatever its outcome, since the next life reloads the stored positions and must not do so while this flush
     * may still move them.
     */
    void close() {
        closing = true;
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

    @Override
    public void revoked(Set<TopicPartition> partitions) {
        if (!abandoned.getAsBoolean()) {
            // a single attempt each, bounded by the connection and socket timeouts
            completeFlush(true);
            if (!closing) {
                flushNow();
            }
        }
        drop(partitions);
    }

    @Override
    public void lost(Set<TopicPartition> partitions) {
        if (!abandoned.getAsBoolean()) {
            completeFlush(true);
        }
        // not ours any more: whatever is buffered is read again by the new owner
        drop(partitions);
    }

    private void drop(Set<TopicPartition> partitions) {
        FlushBatch pending = retry;
        if (pending != null) {
            FlushBatch rest = pending.without(partitions);
            retry = rest.isEmpty() ? null : rest;
        }
        buffer.drop(partitions);
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
