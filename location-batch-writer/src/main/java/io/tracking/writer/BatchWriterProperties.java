package io.tracking.writer;

import java.time.Duration;

import io.tracking.contract.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the location batch writer ({@code tracking.writer.*}). Kafka client and datasource settings stay
 * under {@code spring.kafka} and {@code spring.datasource}.
 *
 * @param topic topic of location updates; default {@code driver-location-updates}
 * @param deadLetterTopic where undecodable, invalid and expired records go; default
 *        {@code driver-location-updates.DLT}
 * @param topicPartitions partitions of both topics when this service declares them on a fresh broker; default 6
 * @param groupId consumer group, also the key of the stored positions; default {@code location-batch-writer}
 * @param concurrency consumers in this instance, each with its own partitions, buffer, writer thread and database
 *        transactions, like separate instances sharing one JVM; default 2, so that one consumer's flush can be in
 *        PostgreSQL while another's is being decoded or committed (on 2 cores this almost doubles the drain rate)
 * @param flush when to flush and how much to hold in memory
 * @param retry back-off while the database fails
 * @param history daily partitions and retention of {@code location_history}
 * @param supervision restarts of a poll loop that ended unexpectedly, and when the process is reported broken
 */
@Validated
@ConfigurationProperties("tracking.writer")
public record BatchWriterProperties(
        @DefaultValue(Topics.LOCATION_UPDATES) @NotBlank String topic,
        @DefaultValue(Topics.LOCATION_UPDATES_DLT) @NotBlank String deadLetterTopic,
        @DefaultValue("6") @Positive int topicPartitions,
        @DefaultValue("location-batch-writer") @NotBlank String groupId,
        @DefaultValue("2") @Positive int concurrency,
        @DefaultValue @Valid Flush flush,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid History history,
        @DefaultValue @Valid Supervision supervision) {

    /**
     * @param batchSize flush as soon as this many records are buffered; default 1000
     * @param maxWait flush at the latest this long after the first record entered an empty buffer; default 1s
     * @param backlogBatchSize while at least this many records wait on the broker, a flush waits until this many
     *        are buffered (or {@code maxWait}): a larger flush collapses more pings per driver into one upsert of
     *        the latest location, which is what costs the database most while draining a backlog; default 100000
     * @param maxBufferedRecords records held in memory at most by each consumer, buffered plus being written; when
     *        reached the consumer pauses its partitions instead of fetching more; default 200000
     * @param pollTimeout longest single wait in {@code poll}; default 100ms
     * @param shutdownTimeout how long a graceful stop may spend writing what is buffered; default 10s
     */
    public record Flush(
            @DefaultValue("1000") @Positive int batchSize,
            @DefaultValue("1s") @NotNull Duration maxWait,
            @DefaultValue("100000") @Positive int backlogBatchSize,
            @DefaultValue("200000") @Positive int maxBufferedRecords,
            @DefaultValue("100ms") @NotNull Duration pollTimeout,
            @DefaultValue("10s") @NotNull Duration shutdownTimeout) {

        @AssertTrue(message = "max-buffered-records must be at least batch-size and backlog-batch-size")
        public boolean isBufferAtLeastOneBatch() {
            return maxBufferedRecords >= batchSize && maxBufferedRecords >= backlogBatchSize;
        }
    }

    /**
     * Exponential back-off between attempts of a flush that failed on the database.
     *
     * @param initialBackoff first delay; default 200ms
     * @param maxBackoff the delay never grows beyond this; default 10s
     * @param multiplier growth per failed attempt; default 2.0
     */
    public record Retry(
            @DefaultValue("200ms") @NotNull Duration initialBackoff,
            @DefaultValue("10s") @NotNull Duration maxBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier) {
    }

    /**
     * @param retention how long pings are kept, in whole UTC days; older daily partitions are dropped and older
     *        records go to the dead-letter topic; default 30d
     * @param daysBehind partitions kept ready for days before today; default 1
     * @param daysAhead partitions created ahead for days after today; default 7
     * @param maintenanceInterval how often partitions are created ahead and expired ones dropped; default 1h
     * @param maxFuture a ping recorded further than this in the future goes to the dead-letter topic, so that a
     *        wrong phone clock cannot create partitions years ahead; default 1d
     */
    public record History(
            @DefaultValue("30d") @NotNull Duration retention,
            @DefaultValue("1") @PositiveOrZero int daysBehind,
            @DefaultValue("7") @PositiveOrZero int daysAhead,
            @DefaultValue("1h") @NotNull Duration maintenanceInterval,
            @DefaultValue("1d") @NotNull Duration maxFuture) {

        @AssertTrue(message = "retention must be at least one day")
        public boolean isRetentionAtLeastOneDay() {
            return retention.toDays() >= 1;
        }
    }

    /**
     * A poll loop that ends while it should run (an exception no record handling caught, a consumer that cannot be
     * created) restarts with a fresh consumer after an exponential back-off. One that restarts more than
     * {@code maxRestarts} times within {@code window} without committing a flush in between turns
     * {@code /actuator/health/liveness} DOWN, so that the orchestrator restarts the process.
     *
     * @param initialBackoff pause before the first restart; doubles with each restart; default 1s
     * @param maxBackoff the pause never grows beyond this; default 1m
     * @param maxRestarts restarts tolerated within {@code window}; default 5
     * @param window how far back restarts count; default 10m
     */
    public record Supervision(
            @DefaultValue("1s") @NotNull Duration initialBackoff,
            @DefaultValue("1m") @NotNull Duration maxBackoff,
            @DefaultValue("5") @PositiveOrZero int maxRestarts,
            @DefaultValue("10m") @NotNull Duration window) {
    }
}
