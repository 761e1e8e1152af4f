package io.tracking.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ingest service, under {@code tracking.ingest}. Checked at start-up: a bad value stops the
 * service rather than weakening a rule.
 *
 * @param maxBatchSize most pings one batch request may carry
 * @param maxBodySize largest request body accepted, counted on the bytes actually received (chunked bodies too)
 * @param maxFutureSkew how far {@code recordedAt} may lie ahead of the server clock (phone clocks drift)
 * @param maxAge how old {@code recordedAt} may be (phones upload buffered pings after being offline)
 * @param publishTimeout how long one request waits for Kafka to acknowledge all its pings before answering 503
 * @param retryAfter the {@code Retry-After} a 503 advises; also how long new requests fail fast after Kafka was
 *        found unreachable
 * @param topicPartitions partitions of {@code driver-location-updates} when this service creates it
 * @param topicReplicas replication factor of {@code driver-location-updates} when this service creates it
 * @param kafkaHealthTimeout how long the readiness check waits for the cluster to answer
 * @param kafkaHealthCacheTtl how long a readiness answer is reused, so probes do not hammer the cluster
 */
@Validated
@ConfigurationProperties("tracking.ingest")
public record IngestProperties(
        @DefaultValue("500") @Min(1) @Max(10_000) int maxBatchSize,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("30s") @DurationMin(seconds = 0) Duration maxFutureSkew,
        @DefaultValue("24h") @DurationMin(seconds = 1) Duration maxAge,
        @DefaultValue("2s") @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration publishTimeout,
        @DefaultValue("1s") @DurationMin(seconds = 1) Duration retryAfter,
        @DefaultValue("6") @Min(1) int topicPartitions,
        @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int topicReplicas,
        @DefaultValue("1s") @DurationMin(millis = 100) Duration kafkaHealthTimeout,
        @DefaultValue("5s") @DurationMin(seconds = 0) Duration kafkaHealthCacheTtl) {

    public IngestProperties {
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tracking.ingest.max-body-size must be between 1B and 2GB");
        }
    }

    /** {@link #maxBodySize()} in bytes. */
    public int maxBodyBytes() {
        return (int) maxBodySize.toBytes();
    }
}
