package io.tracking.trips.stream;

import java.util.Map;

import io.tracking.contract.Topics;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Refuses to run when {@code driver-location-updates} has another partition count than
 * {@code tracking.trips.partitions}. The internal topic that brings orders to their drivers has that many
 * partitions, and a driver's orders and fixes meet only if both topics spread drivers alike: with different
 * counts fixes would silently miss their orders. Kafka Streams cannot check this itself (it enforces
 * co-partitioning only for joins). A broker that cannot answer is no reason to stop: the check is skipped.
 */
final class PartitionCountCheck {

    private static final Logger log = LoggerFactory.getLogger(PartitionCountCheck.class);

    private final KafkaAdmin admin;
    private final int partitions;

    PartitionCountCheck(KafkaAdmin admin, int partitions) {
        this.admin = admin;
        this.partitions = partitions;
    }

    @EventListener(ApplicationStartedEvent.class)
    void check() {
        Map<String, TopicDescription> topics;
        try {
            topics = admin.describeTopics(Topics.LOCATION_UPDATES);
        } catch (KafkaException e) {
            log.warn("Could not check the partition count of {}: {}", Topics.LOCATION_UPDATES, e.toString());
            return;
        }
        TopicDescription topic = topics.get(Topics.LOCATION_UPDATES);
        if (topic != null && topic.partitions().size() != partitions) {
            throw new IllegalStateException(Topics.LOCATION_UPDATES + " has " + topic.partitions().size()
                    + " partitions but tracking.trips.partitions is " + partitions
                    + ": set it (TRACKING_TOPIC_PARTITIONS) to the topic's partition count");
        }
    }
}
