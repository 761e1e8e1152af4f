package io.tracking.benchmark.tool;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import io.tracking.simulator.fleet.Fleet;

/**
 * Pings a {@link PingLoader} put on a topic.
 *
 * @param prefix driver id prefix of this load; no other load shares it
 * @param drivers drivers, numbered {@code 0..drivers-1} as {@link Fleet#driverId(String, int, int)} names them
 * @param pings records sent and acknowledged
 * @param seconds time the load took
 * @param offsets where the records landed, per partition (empty when not known)
 */
public record LoadedPings(String prefix, int drivers, long pings, double seconds,
        Map<TopicPartition, Span> offsets) {

    public LoadedPings {
        offsets = Map.copyOf(offsets);
    }

    /** A load whose offsets are not known. */
    public LoadedPings(String prefix, int drivers, long pings, double seconds) {
        this(prefix, drivers, pings, seconds, Map.of());
    }

    public String driverId(int index) {
        return Fleet.driverId(prefix, index, drivers);
    }

    /**
     * How many records of this load a consumer has stored, given its stored positions (the next offset to read, per
     * partition; a partition it never stored anything of is absent). Exact when every partition's records are
     * {@linkplain #contiguous() contiguous}: then the records up to a position are the position minus the first
     * offset, whatever lies before the load (e.g. an earlier transaction's commit marker, which takes an offset but
     * is never stored).
     */
    public long storedBy(Map<TopicPartition, Long> positions) {
        long stored = 0;
        for (Map.Entry<TopicPartition, Span> partition : offsets.entrySet()) {
            Span span = partition.getValue();
            Long position = positions.get(partition.getKey());
            if (position != null) {
                stored += Math.max(0, Math.min(position, span.last() + 1) - span.first());
            }
        }
        return stored;
    }

    /** Whether no other record lies between this load's records on any partition. */
    public boolean contiguous() {
        return offsets.values().stream().allMatch(Span::contiguous);
    }

    /**
     * The records a load put on one partition.
     *
     * @param first offset of the first
     * @param last offset of the last
     * @param records how many
     */
    public record Span(long first, long last, long records) {

        public boolean contiguous() {
            return last - first + 1 == records;
        }
    }
}
