package io.tracking.writer.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tracking.contract.LocationUpdate;
import io.tracking.writer.batch.DeadLetterPublisher.PendingDeadLetter;
import io.tracking.writer.batch.FlushBatch.TaggedDeadLetter;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects consumed records until a flush is due: when {@code batchSize} records are buffered, or
 * {@code maxWait} after the first record entered the empty buffer, whichever comes first. While a backlog of at
 * least {@code backlogBatchSize} more records waits on the broker, the size trigger is {@code backlogBatchSize}
 * instead: draining in larger flushes stores the same pings with fewer upserts of the latest locations. Dead
 * letters count as records: their offsets only advance with a flush. Bounded: {@link #isFull} tells the loop to
 * stop fetching. Used by the poll thread only.
 */
final class LocationBuffer {

    /** More distinct drivers than this between two clears and the shared driver ids start over. */
    private static final int MAX_SHARED_DRIVER_IDS = 200_000;

    private final int batchSize;
    private final int backlogBatchSize;
    private final long maxWaitNanos;
    private final int capacity;

    private List<BufferedPing> pings = new ArrayList<>();
    private List<TaggedDeadLetter> deadLetters = new ArrayList<>();
    private Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private long firstBufferedNanos;
    // one String per driver instead of one per buffered ping: a backlog holds hundreds of thousands of pings
    private final Map<String, String> driverIds = new HashMap<>();

    LocationBuffer(int batchSize, int backlogBatchSize, long maxWaitNanos, int capacity) {
        this.batchSize = batchSize;
        this.backlogBatchSize = Math.max(batchSize, Math.min(backlogBatchSize, capacity));
        this.maxWaitNanos = maxWaitNanos;
        this.capacity = capacity;
    }

    void add(TopicPartition partition, long offset, LocationUpdate update, long nowNanos) {
        startIfEmpty(nowNanos);
        pings.add(BufferedPing.of(partition, offset, update, sharedDriverId(update.driverId())));
        nextOffsets.put(partition, offset + 1);
    }

    private String sharedDriverId(String driverId) {
        String shared = driverIds.get(driverId);
        if (shared != null) {
            return shared;
        }
        if (driverIds.size() >= MAX_SHARED_DRIVER_IDS) {
            driverIds.clear();
        }
        driverIds.put(driverId, driverId);
        return driverId;
    }

    void addDeadLetter(TopicPartition partition, long offset, PendingDeadLetter deadLetter, long nowNanos) {
        startIfEmpty(nowNanos);
        deadLetters.add(new TaggedDeadLetter(partition, deadLetter));
        nextOffsets.put(partition, offset + 1);
    }

    private void startIfEmpty(long nowNanos) {
        if (nextOffsets.isEmpty()) {
            firstBufferedNanos = nowNanos;
        }
    }

    int size() {
        return pings.size() + deadLetters.size();
    }

    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    /**
     * Whether a flush is due at {@code nowNanos}.
     *
     * @param waitingOnBroker records of the assigned partitions not fetched yet
     */
    boolean shouldFlush(long nowNanos, long waitingOnBroker) {
        if (isEmpty()) {
            return false;
        }
        boolean backlog = size() + waitingOnBroker >= backlogBatchSize;
        return size() >= (backlog ? backlogBatchSize : batchSize) || nowNanos - firstBufferedNanos >= maxWaitNanos;
    }

    /** Nanoseconds until the time trigger fires; {@link Long#MAX_VALUE} when the buffer is empty. */
    long nanosUntilDue(long nowNanos) {
        if (isEmpty()) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, firstBufferedNanos + maxWaitNanos - nowNanos);
    }

    /** Whether the consumer must stop fetching, given {@code recordsBeingWritten} held by a flush in progress. */
    boolean isFull(int recordsBeingWritten) {
        return size() + recordsBeingWritten >= capacity;
    }

    /** Hands everything buffered over to a flush and starts empty. */
    FlushBatch drain() {
        FlushBatch batch = new FlushBatch(pings, deadLetters, nextOffsets, firstBufferedNanos);
        pings = new ArrayList<>(Math.min(Math.max(size(), 16), capacity));
        deadLetters = new ArrayList<>();
        nextOffsets = new HashMap<>();
        return batch;
    }

    /** Forgets what was read from {@code partitions}, which this instance no longer owns. */
    void drop(Set<TopicPartition> partitions) {
        if (partitions.isEmpty() || isEmpty()) {
            return;
        }
        FlushBatch kept = drain().without(partitions);
        pings = new ArrayList<>(kept.pings());
        deadLetters = new ArrayList<>(kept.deadLetters());
        nextOffsets = new HashMap<>(kept.nextOffsets());
        firstBufferedNanos = kept.firstBufferedNanos();
    }
}
