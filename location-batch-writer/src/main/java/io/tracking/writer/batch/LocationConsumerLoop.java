package io.tracking.writer.batch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tracking.writer.BatchWriterProperties;
import io.tracking.writer.partition.HistoryPartitions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;

/**
 * The poll loop: owns the Kafka consumer on one thread; polls, hands the records read to its {@link FlushPipeline},
 * and pauses or resumes fetching as the pipeline (full) and the {@link PartitionPositions} (a stored position not
 * loaded yet) say. The pipeline writes flushes on a second thread, the writer thread, so that fetching and decoding
 * the next batch overlaps with writing the previous one.
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
 * consumer, pipeline and positions, reloaded from PostgreSQL on assignment, exactly as after a process restart.
 */
final class LocationConsumerLoop implements Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocationConsumerLoop.class);

    private final BatchWriterProperties properties;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final LocationRecordDecoder decoder;
    private final DeadLetterPublisher deadLetters;
    private final FlushWriter writer;
    private final ConsumerPositions storedPositions;
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
    private volatile @Nullable ExecutorService writerThread;
    // touched by the poll thread only
    private long gaugesAtNanos;

    LocationConsumerLoop(BatchWriterProperties properties, Supplier<Consumer<byte[], byte[]>> consumers,
            LocationRecordDecoder decoder, DeadLetterPublisher deadLetters, FlushWriter writer,
            ConsumerPositions storedPositions, HistoryPartitions partitions, WriterMetrics metrics, WriterState state,
            LoopSupervisor.Liveness liveness, Clock clock, String name) {
        this.properties = properties;
        this.consumers = consumers;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.writer = writer;
        this.storedPositions = storedPositions;
        this.partitions = partitions;
        this.metrics = metrics;
        this.state = state;
        this.clock = clock;
        this.name = name;
        this.supervisor = new LoopSupervisor(name, properties.supervision(), metrics, liveness, System::nanoTime);
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

    /**
     * One life of the loop, from a fresh consumer and state to a stop or a failure (which the supervisor sees):
     * poll, hand the records on, and pause or resume fetching as the pipeline and the positions say.
     */
    private void pollLoop() {
        Consumer<byte[], byte[]> kafka = consumers.get();
        consumer = kafka;
        LifeOutcomes outcomes = new LifeOutcomes();
        FlushPipeline pipeline = new FlushPipeline(properties, decoder, partitions::retentionCutoff, deadLetters,
                writer, writerThread(), outcomes, () -> aborting, metrics, state, clock);
        PartitionPositions positions = new PartitionPositions(kafka, storedPositions::load, state,
                positionsBackoff(), pipeline);
        outcomes.positions = positions;
        try {
            kafka.subscribe(List.of(properties.topic()), positions);
            state.running(true);
            long waitingOnBroker = 0;
            while (running) {
                long now = System.nanoTime();
                pipeline.flushIfDue(now, waitingOnBroker);
                positions.load(now);
                pauseOrResume(kafka, pipeline, positions);
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = kafka.poll(pollTimeout(now, pipeline, positions));
                } catch (WakeupException e) {
                    continue;
                }
                pipeline.accept(positions.readable(records));
                waitingOnBroker = positions.waitingOnBroker();
                reportGauges(kafka, positions, now);
            }
            if (!aborting) {
                pipeline.drain();
            }
        } finally {
            state.running(false);
            pipeline.close();
            closeQuietly(kafka);
            consumer = null;
        }
    }

    private ExecutorService writerThread() {
        ExecutorService executor = writerThread;
        if (executor == null) {
            throw new IllegalStateException("Poll loop " + name + " runs without its writer thread");
        }
        return executor;
    }

    private RetryBackoff positionsBackoff() {
        BatchWriterProperties.Retry retry = properties.retry();
        return new RetryBackoff(retry.initialBackoff(), retry.maxBackoff(), retry.multiplier());
    }

    private Duration pollTimeout(long now, FlushPipeline pipeline, PartitionPositions positions) {
        long wait = Math.min(properties.flush().pollTimeout().toNanos(), pipeline.nanosUntilDue(now));
        wait = Math.min(wait, positions.nanosUntilLoad(now));
        return Duration.ofNanos(Math.max(0, wait));
    }

    /** Holds every partition while the pipeline is full, and a partition while its stored position is unknown. */
    private void pauseOrResume(Consumer<byte[], byte[]> kafka, FlushPipeline pipeline, PartitionPositions positions) {
        boolean full = pipeline.isFull();
        Set<TopicPartition> paused = kafka.paused();
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        for (TopicPartition partition : kafka.assignment()) {
            boolean hold = full || positions.awaits(partition);
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
        state.bufferedRecords(pipeline.heldRecords());
    }

    private void reportGauges(Consumer<byte[], byte[]> kafka, PartitionPositions positions, long now) {
        if (now - gaugesAtNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        gaugesAtNanos = now;
        state.consumerLag(positions.lag());
        state.assignedPartitions(kafka.assignment().size());
    }

    /** What a flush's outcome means beyond the pipeline: positions move, and the supervisor sees progress. */
    private final class LifeOutcomes implements FlushPipeline.Outcomes {

        /** Set right after the pipeline is made: the positions tell the pipeline of rebalances, and vice versa. */
        private @Nullable PartitionPositions positions;

        @Override
        public Map<TopicPartition, Long> stored(Set<TopicPartition> partitions) {
            return positions().stored(partitions);
        }

        @Override
        public void committed(Map<TopicPartition, Long> nextOffsets) {
            positions().committed(nextOffsets);
            supervisor.progressed();
        }

        @Override
        public void fenced(Set<TopicPartition> partitions) {
            positions().reload(partitions);
        }

        @Override
        public void flushDone() {
            // while a flush is being written the poll waits its whole timeout: the writer ends the wait when done
            Consumer<byte[], byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }

        private PartitionPositions positions() {
            PartitionPositions current = positions;
            if (current == null) {
                throw new IllegalStateException("The positions of this life are not set yet");
            }
            return current;
        }
    }

    private void closeQuietly(Consumer<byte[], byte[]> kafka) {
        try {
            kafka.close(CloseOptions.timeout(aborting ? Duration.ofSeconds(1) : Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            log.warn("Consumer did not close cleanly: {}", e.toString());
        }
    }
}
