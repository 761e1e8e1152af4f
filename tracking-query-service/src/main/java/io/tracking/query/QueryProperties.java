package io.tracking.query;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.tracking.contract.Topics;

/**
 * Settings of the query service, under {@code tracking.query}; checked at start-up.
 *
 * @param maxBulkDrivers most driver ids one bulk location query may name
 * @param track limits of track (path) queries
 * @param nearby limits of nearby searches
 * @param live the Kafka-fed live streams
 * @param concurrency how many API requests run at once
 * @param latestCache latest positions kept in memory while they provably match the table
 * @param pipeline what the service measures of the pipeline behind it (the batch writer's lag)
 * @param outbox the relay of order snapshots from the {@code order_outbox} table to Kafka
 * @param trips trip events and ETAs of the trip-event service: stored, shown, streamed
 */
@Validated
@ConfigurationProperties("tracking.query")
public record QueryProperties(
        @DefaultValue("500") @Min(1) @Max(10_000) int maxBulkDrivers,
        @DefaultValue @Valid Track track,
        @DefaultValue @Valid Nearby nearby,
        @DefaultValue @Valid Live live,
        @DefaultValue @Valid Concurrency concurrency,
        @DefaultValue @Valid LatestCache latestCache,
        @DefaultValue @Valid Pipeline pipeline,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue @Valid Trips trips) {

    /**
     * @param enabled whether this instance relays the outbox at all (one instance relays at a time in any case)
     * @param topic where order snapshots go
     * @param pollInterval how often the table is looked at when no order change of this instance woke the relay
     *        (changes made on another instance are published within about this long)
     * @param batchSize most rows published per turn
     * @param sendTimeout longest wait for the broker to acknowledge a batch; the rows stay and are sent again
     */
    public record Outbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue(Topics.ORDERS) @NotBlank String topic,
            @DefaultValue("100ms") @DurationMin(millis = 10) @DurationMax(seconds = 10) Duration pollInterval,
            @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
            @DefaultValue("10s") @DurationMin(millis = 500) @DurationMax(minutes = 2) Duration sendTimeout) {
    }

    /**
     * @param storeEnabled whether this instance stores trip events and ETAs into PostgreSQL (as one member of the
     *        consumer group {@code storeGroup})
     * @param storeGroup the consumer group of the store
     * @param eventsTopic the trip events
     * @param etasTopic the ETAs (compacted)
     * @param feedEnabled whether this instance reads trip events for its open order streams
     * @param pollTimeout longest wait of one Kafka poll of the store and the feed
     * @param etaMaxAge an ETA computed longer ago is not shown: the driver may have stopped sending fixes
     * @param maxEvents most events shown per order (oldest first)
     */
    public record Trips(
            @DefaultValue("true") boolean storeEnabled,
            @DefaultValue("tracking-query-trip-store") @NotBlank String storeGroup,
            @DefaultValue(Topics.ORDER_TRIP_EVENTS) @NotBlank String eventsTopic,
            @DefaultValue(Topics.ORDER_ETAS) @NotBlank String etasTopic,
            @DefaultValue("true") boolean feedEnabled,
            @DefaultValue("100ms") @DurationMin(millis = 10) @DurationMax(seconds = 5) Duration pollTimeout,
            @DefaultValue("2m") @DurationMin(seconds = 1) Duration etaMaxAge,
            @DefaultValue("200") @Min(1) @Max(10_000) int maxEvents) {
    }

    /**
     * @param lagEnabled whether the batch writer's lag is measured ({@code tracking.query.writer.lag.*}); it is
     *        measured here rather than in the writer so that it still shows while the writer is down
     * @param lagInterval how often it is measured; the lag gauges turn NaN when the last measurement is three
     *        intervals old
     */
    public record Pipeline(
            @DefaultValue("true") boolean lagEnabled,
            @DefaultValue("5s") @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration lagInterval) {
    }

    /**
     * @param enabled whether latest positions are served from memory at all
     * @param writerGroup the batch writer's consumer group, whose stored positions ({@code kafka_consumer_positions})
     *        tell which pings are in the table
     * @param refreshInterval how often the writer's positions are read: a stored ping shows within about this long
     * @param maxEntries most positions held (about 200 bytes each)
     * @param maxPending most pings read but not yet stored by the writer that are remembered; beyond that the
     *        cache drops everything until the writer catches up
     * @param idleTtl a position nobody read for this long is dropped, so only watched drivers are re-read
     * @param writerStallTimeout nothing is served from memory while the live reader has read pings the writer has
     *        not stored and the writer's stored positions have not moved for this long (a writer down, or storing
     *        under another group or topic); serving resumes once they move. Keep it above the writer's flush
     *        interval.
     */
    public record LatestCache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("location-batch-writer") @NotBlank String writerGroup,
            @DefaultValue("100ms") @DurationMin(millis = 10) @DurationMax(seconds = 10) Duration refreshInterval,
            @DefaultValue("500000") @Min(1) int maxEntries,
            @DefaultValue("2000000") @Min(1) int maxPending,
            @DefaultValue("10m") @DurationMin(seconds = 1) Duration idleTtl,
            @DefaultValue("5s") @DurationMin(millis = 100) Duration writerStallTimeout) {
    }

    /**
     * @param maxRequests API requests served at once, by as many threads (the rest wait in arrival order); 0 means
     *        two per available processor. Keep it at most the database pool size, or requests queue a second time
     *        for a connection.
     * @param maxWait how long a request may wait for a thread before it gets a 503 instead
     */
    public record Concurrency(
            @DefaultValue("0") @Min(0) @Max(1_000) int maxRequests,
            @DefaultValue("2s") @DurationMin(millis = 1) Duration maxWait) {

        /** {@link #maxRequests}, with 0 resolved against the processors this JVM may use. */
        public int threads() {
            return maxRequests > 0 ? maxRequests : 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param maxWindow the longest {@code to - from} a track query may ask for
     * @param defaultLimit points returned when the caller gives no {@code limit}
     * @param maxLimit the largest {@code limit} accepted
     */
    public record Track(
            @DefaultValue("24h") @DurationMin(seconds = 1) Duration maxWindow,
            @DefaultValue("1000") @Min(1) int defaultLimit,
            @DefaultValue("10000") @Min(1) @Max(100_000) int maxLimit) {
    }

    /**
     * @param freshness only positions recorded at most this long ago count as "near"
     * @param defaultRadiusMeters radius when the caller gives none
     * @param maxRadiusMeters the largest radius accepted
     * @param defaultLimit drivers returned when the caller gives no {@code limit}
     * @param maxLimit the largest {@code limit} accepted
     */
    public record Nearby(
            @DefaultValue("2m") @DurationMin(seconds = 1) Duration freshness,
            @DefaultValue("5000") @Min(1) int defaultRadiusMeters,
            @DefaultValue("50000") @Min(1) @Max(500_000) int maxRadiusMeters,
            @DefaultValue("20") @Min(1) int defaultLimit,
            @DefaultValue("100") @Min(1) @Max(10_000) int maxLimit) {
    }

    /**
     * @param topic the location topic read for live pushes
     * @param maxStreams open SSE streams one instance accepts; more get a 503
     * @param maxStreamsPerCaller open SSE streams one caller (token subject) may hold on one instance; more get a 429
     * @param maxStreamsPerOrder open SSE streams of one order on one instance; more get a 429
     * @param heartbeatInterval how often an idle stream gets a comment line, so proxies keep it open
     * @param statusCheckInterval how often open streams re-read their orders, which is how a status change made
     *        on another instance reaches this one
     * @param streamTimeout a stream is closed after this long; the client reconnects with {@code Last-Event-ID}
     * @param reconnectDelay the {@code retry:} hint sent to clients
     * @param ringSize recent positions kept per watched driver, for resuming streams without gaps
     * @param ringRetention how long a driver's ring outlives its last watcher
     * @param maxReplay how far back a resuming stream is replayed from the location history
     * @param maxReplayPoints most positions replayed on resume
     * @param streamQueueCapacity events waiting for a slow client before its stream is dropped
     * @param senderThreads threads writing events to clients; a write never waits for a client (non-blocking
     *        output), so a few serve every stream
     * @param pollTimeout longest wait of one Kafka poll
     * @param brokerCheckInterval how often the reader checks that it still reaches the brokers (readiness)
     * @param maxFuture a fix recorded further ahead of the clock is not pushed: the batch writer dead-letters it
     *        ({@code tracking.writer.history.max-future}, keep the two equal)
     */
    public record Live(
            @DefaultValue(Topics.LOCATION_UPDATES) @NotBlank String topic,
            @DefaultValue("1000") @Min(1) int maxStreams,
            @DefaultValue("4") @Min(1) int maxStreamsPerCaller,
            @DefaultValue("8") @Min(1) int maxStreamsPerOrder,
            @DefaultValue("15s") @DurationMin(millis = 100) Duration heartbeatInterval,
            @DefaultValue("2s") @DurationMin(millis = 100) Duration statusCheckInterval,
            @DefaultValue("30m") @DurationMin(seconds = 1) Duration streamTimeout,
            @DefaultValue("3s") @DurationMin(millis = 100) Duration reconnectDelay,
            @DefaultValue("64") @Min(1) @Max(10_000) int ringSize,
            @DefaultValue("2m") @DurationMin(seconds = 0) Duration ringRetention,
            @DefaultValue("15m") @DurationMin(seconds = 1) @DurationMax(hours = 24) Duration maxReplay,
            @DefaultValue("2000") @Min(1) int maxReplayPoints,
            @DefaultValue("256") @Min(8) int streamQueueCapacity,
            @DefaultValue("4") @Min(1) @Max(64) int senderThreads,
            @DefaultValue("100ms") @DurationMin(millis = 10) @DurationMax(seconds = 5) Duration pollTimeout,
            @DefaultValue("10s") @DurationMin(millis = 500) Duration brokerCheckInterval,
            @DefaultValue("1d") @DurationMin(seconds = 0) Duration maxFuture) {
    }
}
