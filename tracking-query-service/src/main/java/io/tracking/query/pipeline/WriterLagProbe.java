package io.tracking.query.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Takes one {@link WriterLag} measurement: the writer's stored positions first, then the topic's end offsets, then
 * the first unstored record of each partition that lags. Reading the positions first makes the result an upper
 * bound as of that read: the writer may only have moved on since. Not thread-safe (one scheduler thread).
 */
final class WriterLagProbe implements WriterLagMonitor.Measurement {

    private final WriterPositionRepository positions;
    private final Supplier<TopicProbe> topics;
    private final Clock clock;
    private final Duration readBudget;
    /** Made on first use and after a failure, so that a consumer left in a bad state is not reused. */
    private volatile @Nullable TopicProbe topic;

    /** @param readBudget longest time spent reading the first unstored records of one measurement */
    WriterLagProbe(WriterPositionRepository positions, Supplier<TopicProbe> topics, Clock clock, Duration readBudget) {
        this.positions = positions;
        this.topics = topics;
        this.clock = clock;
        this.readBudget = readBudget;
    }

    @Override
    public WriterLag measure() throws TimeoutException {
        Map<Integer, Long> stored = positions.positions();
        TopicProbe probe = topic();
        try {
            TopicProbe.Offsets offsets = probe.offsets();
            Map<Integer, Long> start = new HashMap<>();
            Map<Integer, Long> lagging = new HashMap<>();
            offsets.beginning().forEach((partition, beginning) -> {
                long from = WriterLag.startOffset(stored.get(partition), beginning);
                start.put(partition, from);
                if (WriterLag.recordsBehind(from, offsets.end().getOrDefault(partition, from)) > 0) {
                    lagging.put(partition, from);
                }
            });
            if (lagging.isEmpty()) {
                return WriterLag.CAUGHT_UP;
            }
            Map<Integer, Optional<Instant>> first = probe.firstRecords(lagging, offsets.end(), readBudget);
            Set<Integer> nothingToStore = new HashSet<>();
            List<Instant> unstored = new ArrayList<>();
            first.forEach((partition, written) -> {
                if (written.isPresent()) {
                    unstored.add(written.get());
                } else {
                    nothingToStore.add(partition);
                }
            });
            return new WriterLag(WriterLag.totalRecords(start, offsets.end(), nothingToStore),
                    WriterLag.oldestAgeSeconds(clock.instant(), unstored));
        } catch (RuntimeException e) {
            // a slow topic (TimeoutException) keeps its consumer: a new one would start from scratch, slower still
            discardTopicProbe();
            throw e;
        }
    }

    @Override
    public void wakeup() {
        TopicProbe current = topic;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void close() {
        discardTopicProbe();
    }

    private TopicProbe topic() {
        TopicProbe current = topic;
        if (current == null) {
            current = topics.get();
            topic = current;
        }
        return current;
    }

    private void discardTopicProbe() {
        TopicProbe current = topic;
        topic = null;
        if (current != null) {
            current.close();
        }
    }
}
