package io.tracking.writer.batch;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.SmartLifecycle;

/**
 * The instance's poll loops ({@code tracking.writer.concurrency} of them). Each is a member of the consumer group
 * in its own right: Kafka gives each its own partitions, and each writes its own partitions' rows and positions in
 * its own transactions, so they need no coordination beyond what already protects separate instances (the stored
 * positions are the truth; the driver key keeps a driver's pings on one partition).
 */
final class LocationConsumers implements SmartLifecycle {

    /** Starts after the partition maintenance job and stops before it. */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    private final List<LocationConsumerLoop> loops;
    private final List<WriterState> states;

    LocationConsumers(List<LocationConsumerLoop> loops, List<WriterState> states) {
        this.loops = List.copyOf(loops);
        this.states = List.copyOf(states);
    }

    List<LocationConsumerLoop> loops() {
        return loops;
    }

    List<WriterState> states() {
        return states;
    }

    @Override
    public void start() {
        loops.forEach(LocationConsumerLoop::start);
    }

    /** Stops the loops side by side: each may spend its shutdown timeout writing what it buffered. */
    @Override
    public void stop() {
        List<Thread> stopping = new ArrayList<>(loops.size());
        for (LocationConsumerLoop loop : loops) {
            Thread thread = new Thread(loop::stop, "location-consumers-stop");
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return loops.stream().anyMatch(LocationConsumerLoop::isRunning);
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
