package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The live reader's lag gauges on Kafka's {@code MockConsumer}, whose lag is its end offset minus its position. */
class LiveFeedConsumerLagTests {

    /** The topic of {@link LiveTestProperties}. */
    private static final String TOPIC = "topic";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<MockConsumer<byte[], byte[]>> consumer = new AtomicReference<>();
    private LiveFeedConsumer reader;

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.stop();
        }
    }

    private MockConsumer<byte[], byte[]> newConsumer() {
        MockConsumer<byte[], byte[]> mock = new MockConsumer<>("none") {
            @Override
            public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
                if (records.isEmpty()) {
                    // a real consumer waits for records; the mock would spin
                    LockSupport.parkNanos(timeout.toNanos());
                }
                return records;
            }
        };
        mock.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        mock.updateEndOffsets(Map.of(PARTITION, 0L));
        consumer.set(mock);
        return mock;
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, Instant written) {
        byte[] key = "driver-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(TOPIC, 0, offset, written.toEpochMilli(), TimestampType.CREATE_TIME, key.length,
                value.length, key, value, new RecordHeaders(), Optional.empty());
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void shouldShowRecordsLeftToReadAndTheAgeOfTheLastReadUntilCaughtUp() {
        reader = new LiveFeedConsumer(this::newConsumer, LiveTestProperties.defaults(), List.of(), List.of(),
                JsonMapper.builder().build(), Clock.fixed(NOW, ZoneOffset.UTC), meters, LiveFeedConsumer.RESTARTS);
        assertThat(gauge("tracking.query.live.reader.running")).isZero();
        assertThat(gauge("tracking.query.live.lag.records")).isNaN();
        reader.start();
        await().atMost(WAIT).until(() -> gauge("tracking.query.live.reader.running") == 1
                && gauge("tracking.query.live.lag.records") == 0);
        assertThat(gauge("tracking.query.live.lag.seconds")).isZero();

        // the topic ends at 10; the reader gets the first 5 records in one poll
        MockConsumer<byte[], byte[]> mock = consumer.get();
        synchronized (mock) {
            mock.updateEndOffsets(Map.of(PARTITION, 10L));
            for (long offset = 0; offset < 5; offset++) {
                mock.addRecord(record(offset, NOW.minusSeconds(40 - offset)));
            }
        }
        await().atMost(WAIT).until(() -> gauge("tracking.query.live.lag.records") == 5);
        assertThat(gauge("tracking.query.live.lag.seconds")).as("the record at offset 4").isEqualTo(36.0);

        synchronized (mock) {
            for (long offset = 5; offset < 10; offset++) {
                mock.addRecord(record(offset, NOW.minusSeconds(40 - offset)));
            }
        }
        await().atMost(WAIT).until(() -> gauge("tracking.query.live.lag.records") == 0);
        assertThat(gauge("tracking.query.live.lag.seconds")).as("caught up").isZero();

        reader.stop();
        assertThat(gauge("tracking.query.live.reader.running")).isZero();
        assertThat(gauge("tracking.query.live.lag.records")).as("no stale lag from a reader that stopped").isNaN();
        assertThat(gauge("tracking.query.live.lag.seconds")).isNaN();
    }
}
