package io.tracking.trips.stream;

import java.time.Duration;
import java.time.Instant;

import io.tracking.contract.LocationUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a location update: its {@code recordedAt}, but never more than {@code maxSkew} after the timestamp
 * Kafka gave the record (the ingest service's producer clock, or the broker's).
 *
 * <p>Stream time of a task is the largest timestamp it has seen, and it drives the dwell timers of every order
 * in that task. {@code recordedAt} is the phone's clock: one phone set to next year would otherwise push stream
 * time a year ahead for every driver of its partition, confirming every pending arrival at once and making every
 * later fix "late". The record timestamp is a server clock, so the minimum of the two is event time for honest
 * phones and a server-bounded time for the others ({@link DriverFixRouter} then refuses the fix itself). A value
 * that is not a usable update keeps the record timestamp; the router drops it.
 */
final class FixTimestampExtractor implements TimestampExtractor {

    private final long maxSkewMillis;

    FixTimestampExtractor(Duration maxSkew) {
        this.maxSkewMillis = maxSkew.toMillis();
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long stamped = record.timestamp() >= 0 ? record.timestamp() : partitionTime;
        if (record.value() instanceof LocationUpdate update && update.recordedAt() != null) {
            long recorded = eventMillis(update.recordedAt());
            return stamped < 0 ? Math.max(recorded, 0) : Math.min(recorded, stamped + maxSkewMillis);
        }
        return stamped;
    }

    /** Whether the fix says it was recorded after the (clamped) timestamp its record got: a clock from the future. */
    static boolean isFromTheFuture(LocationUpdate update, long recordTimestamp) {
        return eventMillis(update.recordedAt()) > recordTimestamp;
    }

    private static long eventMillis(Instant recordedAt) {
        // saturates instead of overflowing: the contract rules reject such a value later anyway
        try {
            return recordedAt.toEpochMilli();
        } catch (ArithmeticException e) {
            return recordedAt.isBefore(Instant.EPOCH) ? 0 : Long.MAX_VALUE;
        }
    }
}
