package io.tracking.writer.batch;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one life of a poll loop reads from, per partition it owns: the stored position (the truth, in PostgreSQL,
 * see {@link ConsumerPositions}) and how far it has read past it. Also the consumer's rebalance listener.
 *
 * <p>A partition is read only once its stored position is known: on assignment it is paused, its position loaded
 * (retried with back-off while the database is away) and the consumer seeks to it (no row: the earliest offset);
 * records fetched before that are ignored, since they are read again after the seek. A stored position moves only
 * when a flush covering it committed ({@link #committed}); Kafka's committed offsets are then written as a copy
 * for lag monitoring. A partition another instance took ({@link #reload}, after a fenced flush) is read again
 * from its stored position.
 *
 * <p>Before partitions go, the {@link Holder} of their records is told, so that it can write what it holds once
 * (revocation) or drop it (loss); whatever is not stored is read again by the next owner from the stored positions.
 *
 * <p>Used by the poll thread only (the rebalance callbacks run on it too).
 */
final class PartitionPositions implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionPositions.class);

    /** Holds records read from the partitions; told before partitions go. */
    interface Holder {

        /** The partitions are revoked: write what is held, once, then drop whatever remains of them. */
        void revoked(Set<TopicPartition> partitions);

        /** The partitions are already someone else's: drop what is held of them. */
        void lost(Set<TopicPartition> partitions);
    }

    /** Reads stored positions, {@link ConsumerPositions#NO_ROW} where none is stored: {@link ConsumerPositions#load}. */
    @FunctionalInterface
    interface Store {

        Map<TopicPartition, Long> load(Collection<TopicPartition> partitions) throws SQLException;
    }

    private final Consumer<byte[], byte[]> kafka;
    private final Store store;
    private final WriterState state;
    private final RetryBackoff backoff;
    private final Holder holder;

    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final Set<TopicPartition> awaiting = new HashSet<>();
    private long loadAtNanos;

    PartitionPositions(Consumer<byte[], byte[]> kafka, Store store, WriterState state, RetryBackoff backoff,
            Holder holder) {
        this.kafka = kafka;
        this.store = store;
        this.state = state;
        this.backoff = backoff;
        this.holder = holder;
    }

    // ---- reading

    /**
     * The records of {@code records} from partitions whose stored position is known, noting how far each was read.
     * Records of other partitions (not or no longer ours, or not sought yet) are read again after the seek.
     */
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> readable(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> readable = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            if (!stored.containsKey(partition)) {
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(partition);
            if (!ofPartition.isEmpty()) {
                readable.put(partition, ofPartition);
                consumed.put(partition, ofPartition.get(ofPartition.size() - 1).offset() + 1);
            }
        }
        return readable;
    }

    /** Whether the partition waits for its stored position, and must not be fetched from meanwhile. */
    boolean awaits(TopicPartition partition) {
        return awaiting.contains(partition);
    }

    /** How long until the next attempt to load stored positions; {@link Long#MAX_VALUE} when none waits. */
    long nanosUntilLoad(long now) {
        return awaiting.isEmpty() ? Long.MAX_VALUE : loadAtNanos - now;
    }

    /** Per partition among {@code partitions}, the stored position this life last read or wrote. */
    Map<TopicPartition, Long> stored(Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> expected = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long position = stored.get(partition);
            if (position != null) {
                expected.put(partition, position);
            }
        }
        return expected;
    }

    // ---- moving

    /** A flush committed these positions: they are the stored ones now, and Kafka gets a copy. */
    void committed(Map<TopicPartition, Long> nextOffsets) {
        stored.putAll(nextOffsets);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        // only a copy for lag monitoring: the stored positions are the truth, so a failed commit is harmless
        try {
            kafka.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    log.debug("Copy of the positions to Kafka failed: {}", e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Copy of the positions to Kafka failed: {}", e.toString());
        }
    }

    /** Another consumer moved the stored positions of {@code partitions}: forget them and load them again. */
    void reload(Set<TopicPartition> partitions) {
        stored.keySet().removeAll(partitions);
        consumed.keySet().removeAll(partitions);
        awaiting.addAll(partitions);
        loadAtNanos = System.nanoTime();
    }

    /** Loads the stored positions awaited, when due, and seeks to them; on failure, tries again after a back-off. */
    void load(long now) {
        if (awaiting.isEmpty() || now - loadAtNanos < 0) {
            return;
        }
        awaiting.retainAll(kafka.assignment());
        if (awaiting.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> loaded;
        try {
            loaded = store.load(awaiting);
        } catch (SQLException | RuntimeException e) {
            state.failed(e);
            long delay = backoff.nextDelayNanos();
            loadAtNanos = now + delay;
            log.warn("Could not read the stored positions of {} ({}); next attempt in {} ms", awaiting,
                    state.lastFailure(), TimeUnit.NANOSECONDS.toMillis(delay));
            return;
        }
        backoff.reset();
        List<TopicPartition> fromBeginning = new ArrayList<>();
        loaded.forEach((partition, offset) -> {
            if (offset == ConsumerPositions.NO_ROW) {
                fromBeginning.add(partition);
            } else {
                kafka.seek(partition, offset);
            }
            stored.put(partition, offset);
            consumed.remove(partition);
        });
        if (!fromBeginning.isEmpty()) {
            kafka.seekToBeginning(fromBeginning);
        }
        log.info("Resuming {} partitions from stored positions {}", loaded.size(), loaded);
        awaiting.clear();
    }

    // ---- lag

    /** Records of the owned partitions not yet stored: still on the broker, or read and held in memory. */
    long lag() {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> entry : stored.entrySet()) {
            OptionalLong fetchLag = kafka.currentLag(entry.getKey());
            long read = consumed.getOrDefault(entry.getKey(), entry.getValue());
            lag += (fetchLag.isPresent() ? fetchLag.getAsLong() : 0) + Math.max(0, read - Math.max(0, entry.getValue()));
        }
        return lag;
    }

    /** Records of the owned partitions still on the broker, as far as the last fetch tells. */
    long waitingOnBroker() {
        long waiting = 0;
        for (TopicPartition partition : stored.keySet()) {
            OptionalLong lag = kafka.currentLag(partition);
            if (lag.isPresent()) {
                waiting += lag.getAsLong();
            }
        }
        return waiting;
    }

    // ---- rebalance

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        log.info("Partitions revoked: {}", revoked);
        Set<TopicPartition> gone = new HashSet<>(revoked);
        holder.revoked(gone);
        forget(gone);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        log.info("Partitions lost: {}", lost);
        Set<TopicPartition> gone = new HashSet<>(lost);
        holder.lost(gone);
        forget(gone);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        log.info("Partitions assigned: {}", assigned);
        awaiting.addAll(assigned);
        kafka.pause(assigned);
        loadAtNanos = System.nanoTime();
        load(System.nanoTime());
        state.assignedPartitions(kafka.assignment().size());
    }

    private void forget(Set<TopicPartition> gone) {
        stored.keySet().removeAll(gone);
        consumed.keySet().removeAll(gone);
        awaiting.removeAll(gone);
    }
}
