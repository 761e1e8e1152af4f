package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.writer.BatchWriterProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The flush pipeline against a fake writer: no broker (dead letters go to a mock producer), no database. The test
 * thread plays the poll thread; conditions are polled on it ({@code pollInSameThread}), as the pipeline is confined
 * to one thread.
 */
class FlushPipelineTests {

    private static final TopicPartition P0 = new TopicPartition("updates", 0);
    private static final TopicPartition P1 = new TopicPartition("updates", 1);
    private static final Duration BACKOFF = Duration.ofMillis(100);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WriterMetrics metrics = new WriterMetrics(registry);
    private final WriterState state = new WriterState();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, "updates.DLT",
            Duration.ofSeconds(1), metrics);
    private final ExecutorService writerThread = Executors.newSingleThreadExecutor();
    private final FakeWriter writer = new FakeWriter();
    private final RecordingOutcomes outcomes = new RecordingOutcomes();
    private final String driver = Pings.newDriverId();
    private final Instant base = Instant.now().minusSeconds(600);

    @AfterEach
    void stopWriterThread() throws InterruptedException {
        writer.release.countDown();
        writerThread.shutdownNow();
        assertThat(writerThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldReportTheOffsetsOfACommittedFlushFromTheStoredPositionsItExpected() {
        FlushPipeline pipeline = pipeline(Duration.ofSeconds(10));
        outcomes.stored.put(P0, 10L);

        pipeline.accept(Map.of(P0, records(P0, 10, 3)));
        await().pollInSameThread().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() -> step(pipeline, 1));

        assertThat(writer.calls).singleElement().satisfies(call -> {
            assertThat(call.expected()).isEqualTo(Map.of(P0, 10L));
            assertThat(offsets(call.batch())).containsExactly(10L, 11L, 12L);
        });
        assertThat(outcomes.committed).containsExactly(Map.of(P0, 13L));
        assertThat(pipeline.heldRecords()).isZero();
        assertThat(state.lastCommit()).isNotNull();
        assertThat(registry.get("tracking.writer.flush.size").summary().totalAmount()).isEqualTo(3);
    }

    @Test
    void shouldRetryATransientFailureAfterTheBackOffWithWhatArrivedMeanwhileAndStoreEachRecordOnce() {
        FlushPipeline pipeline = pipeline(Duration.ofSeconds(10));
        outcomes.stored.put(P0, 10L);
        writer.script.add(batch -> {
            throw new SQLTransientConnectionException("connection refused", "08001");
        });

        pipeline.accept(Map.of(P0, records(P0, 10, 3)));
        await().pollInSameThread().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() -> {
            step(pipeline, 0);
            return state.isFailing();
        });
        assertThat(outcomes.committed).isEmpty();
        assertThat(pipeline.heldRecords()).as("the failed flush is kept").isEqualTo(3);
        pipeline.accept(Map.of(P0, records(P0, 13, 2)));
        await().pollInSameThread().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() -> step(pipeline, 1));

        assertThat(writer.calls).hasSize(2);
        assertThat(writer.calls.get(1).startedNanos() - writer.calls.get(0).endedNanos())
                .as("second attempt after the back-off").isGreaterThanOrEqualTo(BACKOFF.toNanos());
        assertThat(writer.calls.get(1).expected()).isEqualTo(Map.of(P0, 10L));
        assertThat(offsets(writer.calls.get(1).batch())).containsExactly(10L, 11L, 12L, 13L, 14L);
        assertThat(outcomes.committed).containsExactly(Map.of(P0, 15L));
        assertThat(state.isFailing()).isFalse();
        assertThat(registry.get("tracking.writer.flushes").tag("outcome", "failed").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldReportAFencedFlushAndWriteOnlyThePartitionsStillOwnedWithoutBackOff() {
        // a back-off longer than the test may wait: the rest must go at once
        FlushPipeline pipeline = pipeline(Duration.ofSeconds(10), Duration.ofMinutes(1));
        outcomes.stored.putAll(Map.of(P0, 0L, P1, 0L));
        writer.script.add(batch -> new FlushResult.Fenced(Set.of(P0)));

        pipeline.accept(Map.of(P0, records(P0, 0, 2), P1, records(P1, 0, 2)));
        await().pollInSameThread().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() -> step(pipeline, 1));

        assertThat(outcomes.fenced).containsExactly(Set.of(P0));
        assertThat(writer.calls).hasSize(2);
        assertThat(writer.calls.get(1).batch().nextOffsets()).isEqualTo(Map.of(P1, 2L));
        assertThat(writer.calls.get(1).batch().pings()).allMatch(ping -> ping.partition().equals(P1));
        assertThat(outcomes.committed).containsExactly(Map.of(P1, 2L));
        assertThat(pipeline.heldRecords()).as("what was read from the lost partition is dropped").isZero();
        assertThat(state.isFailing()).isFalse();
        assertThat(registry.get("tracking.writer.flushes").tag("outcome", "fenced").counter().count()).isEqualTo(1);
        assertThat(registry.get("tracking.writer.flushes").tag("outcome", "failed").counter().count()).isZero();
    }

    @Test
    void shouldDeadLetterUndecodableRecordsAndCommitPastPingsTheDatabaseRefused() {
        FlushPipeline pipeline = pipeline(Duration.ofSeconds(10));
        outcomes.stored.put(P0, 0L);
        // the real writer isolates the refused ping by bisecting and dead-letters it before the commit
        writer.script.add(batch -> {
            deadLetters.confirm(batch.pendingDeadLetters());
            BufferedPing refused = batch.pings().get(0);
            deadLetters.confirm(List.of(deadLetters.send(refused,
                    new Rejection(Rejection.REJECTED_BY_DATABASE, "row", "sqlstate-23514", "check violation"))));
            return new FlushResult.Committed(batch.pings().size() - 1, 0, 1, false, 1);
        });
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(records(P0, 0, 2));
        records.add(new ConsumerRecord<>(P0.topic(), P0.partition(), 2, utf8(driver), utf8("{\"driverId\":")));

        pipeline.accept(Map.of(P0, records));
        await().pollInSameThread().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() -> step(pipeline, 1));

        FlushBatch written = writer.calls.get(0).batch();
        assertThat(offsets(written)).containsExactly(0L, 1L);
        assertThat(written.deadLetters()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.partition()).isEqualTo(P0));
        assertThat(producer.history()).extracting(sent -> header(sent.headers().lastHeader(DeadLetterPublisher.REASON)))
                .containsExactly(Rejection.UNDECODABLE, Rejection.REJECTED_BY_DATABASE);
        assertThat(writer.calls).as("a refusal is no failure: not retried").hasSize(1);
        assertThat(outcomes.committed).containsExactly(Map.of(P0, 3L));
        assertThat(state.isFailing()).isFalse();
        assertThat(registry.get("tracking.writer.dead.letters").tag("reason", Rejection.UNDECODABLE).counter()
                .count()).isEqualTo(1);
    }

    @Test
    void shouldWriteTheFlushInFlightAndThenTheRestWhenStopped() {
        FlushPipeline pipeline = pipeline(Duration.ofSeconds(10));
        outcomes.stored.put(P0, 0L);
        writer.blockFirst();
        pipeline.accept(Map.of(P0, records(P0, 0, 3)));
        pipeline.flushIfDue(System.nanoTime(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.started.getCount() == 0);
        pipeline.accept(Map.of(P0, records(P0, 3, 2)));

        CompletableFuture<Void> drained = CompletableFuture.runAsync(pipeline::drain);
        writer.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(drained::isDone);
        assertThat(drained).isCompleted();
        assertThat(outcomes.committed).containsExactly(Map.of(P0, 3L), Map.of(P0, 5L));
        assertThat(writer.calls).flatExtracting(call -> offsets(call.batch())).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void shouldGiveUpAfterTheShutdownTimeoutWithoutMovingAPositionWhileTheDatabaseIsAway() {
        FlushPipeline pipeline = pipeline(Duration.ofMillis(500));
        outcomes.stored.put(P0, 0L);
        writer.failAlways = true;
        pipeline.accept(Map.of(P0, records(P0, 0, 2)));

        CompletableFuture<Void> drained = CompletableFuture.runAsync(pipeline::drain);

        await().atMost(Duration.ofSeconds(10)).until(drained::isDone);
        assertThat(drained).isCompleted();
        assertThat(writer.calls).as("retried with back-off until the timeout").hasSizeGreaterThan(1);
        // positions stay: the next owner reads the records again from the stored position
        assertThat(outcomes.committed).isEmpty();
        assertThat(pipeline.heldRecords()).isEqualTo(2);
    }

    @Test
    void shouldWaitForTheFlushInFlightWhenClosedWithoutReportingIt() {
        FlushPipeline pipeline = pipeline(Duration.ofSeconds(10));
        outcomes.stored.put(P0, 0L);
        writer.blockFirst();
        pipeline.accept(Map.of(P0, records(P0, 0, 3)));
        pipeline.flushIfDue(System.nanoTime(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.started.getCount() == 0);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(pipeline::close);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !closed.isDone());
        writer.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(closed::isDone);
        assertThat(writer.calls).hasSize(1);
        // the next life reloads the stored positions: it does not need this one's report
        assertThat(outcomes.committed).isEmpty();
    }

    /** One turn of the poll loop's flushing; whether {@code commits} flushes have committed. */
    private boolean step(FlushPipeline pipeline, int commits) {
        pipeline.flushIfDue(System.nanoTime(), 0);
        return outcomes.committed.size() == commits && commits > 0;
    }

    private FlushPipeline pipeline(Duration shutdownTimeout) {
        return pipeline(shutdownTimeout, BACKOFF);
    }

    private FlushPipeline pipeline(Duration shutdownTimeout, Duration backoff) {
        BatchWriterProperties properties = new BatchWriterProperties("updates", "updates.DLT", 2, "group", 1,
                new BatchWriterProperties.Flush(3, Duration.ofMillis(50), 100_000, 1_000, Duration.ofMillis(20),
                        shutdownTimeout),
                new BatchWriterProperties.Retry(backoff, backoff, 2.0),
                new BatchWriterProperties.History(Duration.ofDays(30), 1, 7, Duration.ofHours(1), Duration.ofDays(1)),
                new BatchWriterProperties.Supervision(Duration.ofMillis(5), Duration.ofMillis(20), 2,
                        Duration.ofMinutes(10)));
        return new FlushPipeline(properties, new LocationRecordDecoder(86_400_000L),
                now -> now.minus(Duration.ofDays(30)), deadLetters, writer, writerThread, outcomes, () -> false,
                metrics, state, Clock.systemUTC());
    }

    private List<ConsumerRecord<byte[], byte[]>> records(TopicPartition partition, long from, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, utf8(driver),
                    Pings.json(Pings.ping(driver, base.plusSeconds(partition.partition() * 1000L + offset)))));
        }
        return records;
    }

    private static List<Long> offsets(FlushBatch batch) {
        return batch.pings().stream().map(BufferedPing::offset).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(org.apache.kafka.common.header.Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private interface Script {

        FlushResult write(FlushBatch batch) throws SQLException;
    }

    private record Call(FlushBatch batch, Map<TopicPartition, Long> expected, long startedNanos, long endedNanos) {
    }

    /** Commits unless scripted otherwise; remembers every call. */
    private static final class FakeWriter implements FlushWriter {

        private final Deque<Script> script = new ConcurrentLinkedDeque<>();
        private final List<Call> calls = new CopyOnWriteArrayList<>();
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean blockFirst;
        private volatile boolean failAlways;

        void blockFirst() {
            blockFirst = true;
        }

        @Override
        public FlushResult write(FlushBatch batch, Map<TopicPartition, Long> expected) throws SQLException {
            long startedNanos = System.nanoTime();
            started.countDown();
            try {
                if (blockFirst && calls.isEmpty() && !release.await(30, TimeUnit.SECONDS)) {
                    throw new SQLTransientConnectionException("never released", "08006");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted", "08006");
            }
            Script next = script.poll();
            try {
                if (failAlways) {
                    throw new SQLTransientConnectionException("connection refused", "08001");
                }
                return next == null ? new FlushResult.Committed(batch.pings().size(), 0, 1, false, 0)
                        : next.write(batch);
            } finally {
                calls.add(new Call(batch, Map.copyOf(expected), startedNanos, System.nanoTime()));
            }
        }
    }

    /** Stands in for the partitions' positions: known positions in, reports recorded. */
    private static final class RecordingOutcomes implements FlushPipeline.Outcomes {

        private final Map<TopicPartition, Long> stored = new ConcurrentHashMap<>();
        private final List<Map<TopicPartition, Long>> committed = new CopyOnWriteArrayList<>();
        private final List<Set<TopicPartition>> fenced = new CopyOnWriteArrayList<>();

        @Override
        public Map<TopicPartition, Long> stored(Set<TopicPartition> partitions) {
            Map<TopicPartition, Long> known = new ConcurrentHashMap<>(stored);
            known.keySet().retainAll(partitions);
            return known;
        }

        @Override
        public void committed(Map<TopicPartition, Long> nextOffsets) {
            committed.add(Map.copyOf(nextOffsets));
            stored.putAll(nextOffsets);
        }

        @Override
        public void fenced(Set<TopicPartition> partitions) {
            fenced.add(Set.copyOf(partitions));
            stored.keySet().removeAll(partitions);
        }

        @Override
        public void flushDone() {
        }
    }
}
