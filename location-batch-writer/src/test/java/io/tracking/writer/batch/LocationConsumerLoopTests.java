package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.writer.BatchWriterProperties;
import io.tracking.writer.partition.HistoryPartitions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The poll loop's supervision, with fake consumers that fail: no broker, no database. */
class LocationConsumerLoopTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WriterMetrics metrics = new WriterMetrics(registry);
    private final WriterState state = new WriterState();
    private final List<String> liveness = new CopyOnWriteArrayList<>();
    private final List<IdleConsumer> created = new CopyOnWriteArrayList<>();
    private LocationConsumerLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void shouldStartAFreshConsumerAfterPollThrowsAndBeNotRunningOnlyMeanwhile() {
        loop = loop(() -> {
            IdleConsumer consumer = new IdleConsumer();
            if (created.isEmpty()) {
                consumer.setPollException(new KafkaException("fetch failed"));
            }
            created.add(consumer);
            return consumer;
        });

        loop.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> created.size() == 2 && state.isRunning());
        assertThat(created.get(0).closed()).isTrue();
        assertThat(created.get(1).closed()).isFalse();
        assertThat(restarts()).isEqualTo(1);
        assertThat(liveness).isEmpty();
        assertThat(loop.isRunning()).isTrue();
    }

    @Test
    void shouldReportTheProcessBrokenWhenNoConsumerCanBeCreatedAndKeepTrying() {
        AtomicInteger attempts = new AtomicInteger();
        loop = loop(() -> {
            attempts.incrementAndGet();
            throw new KafkaException("Failed to construct kafka consumer");
        });

        loop.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> liveness.contains("broken loop-0"));
        assertThat(restarts()).isGreaterThan(2);
        assertThat(state.isRunning()).isFalse();
        // it keeps trying: an orchestrator may take a while to act on the liveness probe
        int before = attempts.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() > before);
        loop.stop();
        assertThat(loop.isRunning()).isFalse();
    }

    private LocationConsumerLoop loop(Supplier<Consumer<byte[], byte[]>> consumers) {
        BatchWriterProperties properties = new BatchWriterProperties("updates", "updates.DLT", 1, "group", 1,
                new BatchWriterProperties.Flush(1000, Duration.ofSeconds(1), 100_000, 200_000,
                        Duration.ofMillis(20), Duration.ofSeconds(1)),
                new BatchWriterProperties.Retry(Duration.ofMillis(10), Duration.ofMillis(10), 2.0),
                new BatchWriterProperties.History(Duration.ofDays(30), 1, 7, Duration.ofHours(1), Duration.ofDays(1)),
                new BatchWriterProperties.Supervision(Duration.ofMillis(5), Duration.ofMillis(20), 2,
                        Duration.ofMinutes(10)));
        // never reached: no partition is ever assigned, so nothing is read, written or looked up
        SimpleDriverDataSource database = new SimpleDriverDataSource();
        ConsumerPositions positions = new ConsumerPositions(database, "group");
        HistoryPartitions partitions = new HistoryPartitions(new JdbcTemplate(database), properties.history());
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(new MockProducer<>(true, null,
                new ByteArraySerializer(), new ByteArraySerializer()), "updates.DLT", Duration.ofSeconds(1), metrics);
        LocationBatchWriter writer = new LocationBatchWriter(database, positions, partitions, deadLetters, metrics,
                Clock.systemUTC());
        LoopSupervisor.Liveness recorder = new LoopSupervisor.Liveness() {

            @Override
            public void broken(String name) {
                liveness.add("broken " + name);
            }

            @Override
            public void correct(String name) {
                liveness.add("correct " + name);
            }
        };
        return new LocationConsumerLoop(properties, consumers, new LocationRecordDecoder(86_400_000L), deadLetters,
                writer, positions, partitions, metrics, state, recorder, Clock.systemUTC(), "loop-0");
    }

    private double restarts() {
        return registry.get("tracking.writer.loop.restarts").counter().count();
    }

    /** A consumer that is never assigned a partition and waits out its poll timeout like a real one. */
    private static final class IdleConsumer extends MockConsumer<byte[], byte[]> {

        IdleConsumer() {
            super("earliest");
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                // a fake of the broker's wait, not a test synchronisation
                LockSupport.parkNanos(Math.min(timeout.toNanos(), Duration.ofMillis(20).toNanos()));
            }
            return records;
        }
    }
}
