package io.tracking.query.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One measurement of the batch writer's lag on the location topic, and the arithmetic behind it (pure functions, no
 * I/O).
 *
 * @param records records of the topic the writer has not finished with: over all partitions, the end offset
 *        ({@code read_committed}) minus the writer's stored position; a partition whose records up to the end are
 *        only transaction markers or aborted records counts 0
 * @param seconds how long ago the oldest record the writer has not finished with was written (its Kafka timestamp);
 *        0 when the writer is caught up
 */
record WriterLag(long records, double seconds) {

    static final WriterLag CAUGHT_UP = new WriterLag(0, 0);

    /**
     * Where the writer reads a partition from: its stored position, or the partition's beginning when it stored none
     * (it starts at the earliest offset) or stored one below the beginning (those records are gone: retention).
     */
    static long startOffset(@Nullable Long stored, long beginning) {
        return stored == null ? beginning : Math.max(stored, beginning);
    }

    /** Offsets from {@code start} up to {@code end}; never negative (an end read before a position moved past it). */
    static long recordsBehind(long start, long end) {
        return Math.max(0, end - start);
    }

    /**
     * The sum over partitions of {@link #recordsBehind}, leaving out those proved to hold no record to store (only
     * markers or aborted records before the end).
     *
     * @param start per partition, {@link #startOffset}
     * @param end per partition, the end offset; a partition without one counts 0
     */
    static long totalRecords(Map<Integer, Long> start, Map<Integer, Long> end, Collection<Integer> nothingToStore) {
        long total = 0;
        for (Map.Entry<Integer, Long> partition : start.entrySet()) {
            Long last = end.get(partition.getKey());
            if (last != null && !nothingToStore.contains(partition.getKey())) {
                total += recordsBehind(partition.getValue(), last);
            }
        }
        return total;
    }

    /**
     * The age at {@code now} of the oldest of the first unstored records of the partitions, in seconds: 0 when there
     * is none, and never negative (a producer's clock ahead of ours).
     */
    static double oldestAgeSeconds(Instant now, Collection<Instant> firstUnstored) {
        double oldest = 0;
        for (Instant written : firstUnstored) {
            oldest = Math.max(oldest, Duration.between(written, now).toNanos() / 1e9);
        }
        return oldest;
    }

    /**
     * Whether a measurement taken at {@code measuredAtNanos} ({@link System#nanoTime()}) still describes the writer
     * at {@code nowNanos}: it is younger than three intervals, so one late or failed measurement is no gap, and two
     * more are.
     */
    static boolean isFresh(long measuredAtNanos, long nowNanos, Duration interval) {
        return nowNanos - measuredAtNanos < interval.toNanos() * 3;
    }

    /** What a gauge shows: {@code value} while fresh, else NaN, so that an alert never sees a stale 0. */
    static double reported(double value, boolean fresh) {
        return fresh ? value : Double.NaN;
    }
}
