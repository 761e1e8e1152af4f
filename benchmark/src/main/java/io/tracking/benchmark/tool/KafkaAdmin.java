package io.tracking.benchmark.tool;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The few broker operations the scenarios need: end offsets and moving a consumer group's offsets. */
public final class KafkaAdmin implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    public KafkaAdmin(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "benchmark-admin"));
    }

    /** The next offset to be written, per partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(partition ->
                request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin.listOffsets(request).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /**
     * Sets the committed offsets of {@code group}, first removing members a killed consumer left behind (they would
     * otherwise hold the group until their session times out). Retries while the broker still sees the group busy.
     */
    public void moveGroup(String group, Map<TopicPartition, Long> offsets, Duration timeout)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> committed.put(partition, new OffsetAndMetadata(offset)));
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // no such group yet, or no members: nothing to remove
            }
            try {
                admin.alterConsumerGroupOffsets(group, committed).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                last = e;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
        throw new TimeoutException("Could not move the offsets of group " + group + ": " + last);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
