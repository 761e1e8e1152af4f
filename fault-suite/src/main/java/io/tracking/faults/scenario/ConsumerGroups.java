package io.tracking.faults.scenario;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/** How the partitions of a consumer group are spread over its members right now. */
final class ConsumerGroups implements AutoCloseable {

    private final Admin admin;

    ConsumerGroups(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "fault-suite-admin");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.admin = Admin.create(properties);
    }

    /** The number of partitions each member holds, largest first; empty when the group cannot be described. */
    List<Integer> assignment(String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(10, TimeUnit.SECONDS);
            return description.members().stream()
                    .map(MemberDescription::assignment)
                    .map(assignment -> assignment.topicPartitions().size())
                    .sorted((a, b) -> Integer.compare(b, a))
                    .toList();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
