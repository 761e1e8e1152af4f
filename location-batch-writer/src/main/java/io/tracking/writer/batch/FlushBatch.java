package io.tracking.writer.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tracking.writer.batch.DeadLetterPublisher.PendingDeadLetter;
import org.apache.kafka.common.TopicPartition;

/**
 * What one flush stores: the valid pings, the dead letters that must be acknowledged first, and per partition
 * the next offset to read once the flush committed (one past the last record it covers, valid or not).
 *
 * @param firstBufferedNanos {@link System#nanoTime()} when the oldest record entered the buffer
 */
record FlushBatch(List<BufferedPing> pings, List<TaggedDeadLetter> deadLetters,
        Map<TopicPartition, Long> nextOffsets, long firstBufferedNanos) {

    /** A dead letter with the partition its record came from. */
    record TaggedDeadLetter(TopicPartition partition, PendingDeadLetter deadLetter) {
    }

    int records() {
        return pings.size() + deadLetters.size();
    }

    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    List<PendingDeadLetter> pendingDeadLetters() {
        List<PendingDeadLetter> pending = new ArrayList<>(deadLetters.size());
        for (TaggedDeadLetter tagged : deadLetters) {
            pending.add(tagged.deadLetter());
        }
        return pending;
    }

    /** This batch without anything read from {@code partitions}. */
    FlushBatch without(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return this;
        }
        List<BufferedPing> keptPings = new ArrayList<>(pings.size());
        for (BufferedPing ping : pings) {
            if (!partitions.contains(ping.partition())) {
                keptPings.add(ping);
            }
        }
        List<TaggedDeadLetter> keptDeadLetters = new ArrayList<>();
        for (TaggedDeadLetter deadLetter : deadLetters) {
            if (!partitions.contains(deadLetter.partition())) {
                keptDeadLetters.add(deadLetter);
            }
        }
        Map<TopicPartition, Long> keptOffsets = new HashMap<>(nextOffsets);
        keptOffsets.keySet().removeAll(partitions);
        return new FlushBatch(keptPings, keptDeadLetters, keptOffsets, firstBufferedNanos);
    }

    /** This batch followed by {@code later}, as one flush. */
    FlushBatch followedBy(FlushBatch later) {
        if (later.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return later;
        }
        List<BufferedPing> allPings = new ArrayList<>(pings.size() + later.pings.size());
        allPings.addAll(pings);
        allPings.addAll(later.pings);
        List<TaggedDeadLetter> allDeadLetters = new ArrayList<>(deadLetters);
        allDeadLetters.addAll(later.deadLetters);
        Map<TopicPartition, Long> offsets = new HashMap<>(nextOffsets);
        later.nextOffsets.forEach((partition, offset) -> offsets.merge(partition, offset, Math::max));
        return new FlushBatch(allPings, allDeadLetters, offsets, Math.min(firstBufferedNanos, later.firstBufferedNanos));
    }
}
