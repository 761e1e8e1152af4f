package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.query.system.LoopSupervisor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live reader's loop on Kafka's {@code MockConsumer}: a listener that throws an {@link Error} ends the loop,
 * and the supervisor starts it again with a new consumer that reads on from the end.
 */
class LiveFeedConsumerTests {

    /** The topic of {@link LiveTestProperties}. */
    private static final String TOPIC = "topic";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String POISON = "poison-driver";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<MockConsumer<byte[], byte[]>> consumers = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> followed = new CopyOnWriteArrayList<>();
    private LiveFeedConsumer reader;

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.stop();
        }
    }

    private MockConsumer<byte[], byte[]> newConsumer() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none") {
            @Override
            public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
                if (records.isEmpty()) {
                    // a real consumer waits for records; the mock would spin
                    LockSupport.parkNanos(timeout.toNanos());
                }
                return records;
            }
        };
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0],
                new Node[0])));
        // the end moves on with each consumer, as the topic would
        consumer.updateEndOffsets(Map.of(PARTITION, 10L * consumers.size()));
        consumers.add(consumer);
        return consumer;
    }

    private static ConsumerRecord<byte[], byte[]> ping(long offset, String driverId) {
        String json = "{\"driverId\":\"" + driverId + "\",\"latitude\":1.5,\"longitude\":2.5,"
                + "\"recordedAt\":\"2026-11-28T10:00:00Z\",\"receivedAt\":\"2026-11-28T10:00:00.100Z\"}";
        return new ConsumerRecord<>(TOPIC, 0, offset, driverId.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLoopEndedByAListenerErrorStartsAgainWithANewConsumer() {
        LiveLocationListener listener = new LiveLocationListener() {
            @Override
            public void onLocation(LocationUpdate update) {
                if (update.driverId().equals(POISON)) {
                    throw new StackOverflowError();
                }
                received.add(update.driverId());
            }
        };
        LiveFeedProgress follower = new LiveFeedProgress() {
            @Override
            public void started(int partition, long position) {
                followed.add("started " + position);
            }

            @Override
            public void read(String driverId, int partition, long offset) {
            }

            @Override
            public void skipped(int partition, long offset) {
            }

            @Override
            public void reached(Map<Integer, Long> positions) {
            }

            @Override
            public void reset() {
                followed.add("reset");
            }
        };
        reader = new LiveFeedConsumer(this::newConsumer, LiveTestProperties.defaults(), List.of(listener),
                List.of(follower), JsonMapper.builder().build(), Clock.systemUTC(), meters,
                new LoopSupervisor.Settings(Duration.ofMillis(10), Duration.ofMillis(50), 3,
                        Duration.ofMinutes(1)));
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> followed.contains("started 0"));

        MockConsumer<byte[], byte[]> first = consumers.get(0);
        first.addRecord(ping(0, "good-1"));
        first.addRecord(ping(1, POISON));
        first.addRecord(ping(2, "lost-with-the-first-consumer"));

        await().atMost(Duration.ofSeconds(10)).until(() -> followed.contains("started 10"));
        assertThat(first.closed()).isTrue();
        consumers.get(1).addRecord(ping(10, "good-2"));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("good-2"));
        assertThat(received).containsExactly("good-1", "good-2");
        assertThat(meters.get("tracking.query.live.reader.restarts").counter().count()).isEqualTo(1);
        assertThat(reader.isBroken()).isFalse();
        assertThat(followed).as("followers learn the new start after the old one was withdrawn")
                .containsSubsequence("started 0", "reset", "started 10");
        await().atMost(Duration.ofSeconds(10)).until(reader::isHealthy);
    }
}
