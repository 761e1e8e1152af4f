package io.tracking.ingest.publish;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health of the Kafka connection, part of the readiness group: DOWN while the cluster does not answer a
 * {@code describeCluster} within {@code kafka-health-timeout}, or while the last publish failed less than
 * {@code kafka-health-cache-ttl} ago, or until the producer has fetched the topic's metadata (so that the first pings
 * after start-up do not spend their publish deadline on it). Answers are cached for {@code kafka-health-cache-ttl}, except that a failed
 * publish forces a fresh look.
 *
 * <p>When the cluster answers again after being unreachable (or for the first time), the topic declarations are
 * applied again, so that a service started while Kafka was down still creates {@code driver-location-updates}
 * with its partition count.
 */
final class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaHealthIndicator.class);

    private final KafkaAdmin kafkaAdmin;
    private final LocationPublisher publisher;
    private final Duration timeout;
    private final long cacheTtlNanos;
    private @Nullable Admin admin;
    private @Nullable Health cached;
    private long checkedAtNanos;
    private boolean reachable;

    KafkaHealthIndicator(KafkaAdmin kafkaAdmin, LocationPublisher publisher, Duration timeout, Duration cacheTtl) {
        this.kafkaAdmin = kafkaAdmin;
        this.publisher = publisher;
        this.timeout = timeout;
        this.cacheTtlNanos = cacheTtl.toNanos();
    }

    @Override
    public synchronized Health health() {
        long now = System.nanoTime();
        long lastFailure = publisher.lastFailureNanos();
        boolean failedSinceCheck = lastFailure - checkedAtNanos > 0;
        if (cached != null && now - checkedAtNanos < cacheTtlNanos && !failedSinceCheck) {
            return cached;
        }
        Health health = probe();
        if (reachable && now - lastFailure < cacheTtlNanos) {
            health = Health.down().withDetails(health.getDetails())
                    .withDetail("lastPublish", "failed")
                    .build();
        }
        cached = health;
        checkedAtNanos = System.nanoTime();
        return health;
    }

    private Health probe() {
        try {
            DescribeClusterResult cluster = admin().describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            long waitMillis = timeout.toMillis() + 200;
            Collection<Node> nodes = cluster.nodes().get(waitMillis, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(waitMillis, TimeUnit.MILLISECONDS);
            if (!reachable) {
                reachable = true;
                log.info("Kafka cluster answers ({} nodes); applying topic declarations", nodes.size());
                kafkaAdmin.initialize();
            }
            if (!publisher.warmUp()) {
                return Health.down().withDetail("error", "producer has no metadata for the topic yet").build();
            }
            return Health.up().withDetail("clusterId", String.valueOf(clusterId))
                    .withDetail("nodes", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable("interrupted");
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return unreachable("no answer within " + timeout.toMillis() + " ms");
        }
    }

    private Health unreachable(String why) {
        if (reachable) {
            log.warn("Kafka cluster unreachable: {}", why);
        }
        reachable = false;
        return Health.down().withDetail("error", why).build();
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
