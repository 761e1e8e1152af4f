package io.tracking.simulator.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * The per-ping deadlines of the streams on one event loop, checked every {@link #PERIOD} by one task rather than by a
 * timer per ping or per stream: each such timer is a wake-up of the loop of its own, and at thousands of pings per
 * second those cost more than the pings' frames. A ping fails at most one period after its deadline.
 *
 * <p>Only the streams with unanswered pings are visited: with answers in milliseconds, a few dozen of the thousands
 * on a loop. Threads: lives on its loop, like the streams it serves.
 */
final class DeadlineSweep {

    static final Duration PERIOD = Duration.ofMillis(100);

    private final List<DriverStream> waiting = new ArrayList<>();

    /** A sweep for the streams of {@code loop}, checking them from now on until the loop stops. */
    static DeadlineSweep start(EventLoop loop) {
        DeadlineSweep sweep = new DeadlineSweep();
        loop.scheduleAtFixedRate(sweep::sweep, PERIOD.toNanos(), PERIOD.toNanos(), TimeUnit.NANOSECONDS);
        return sweep;
    }

    /** {@code stream} has unanswered pings (again): check it until it has none. */
    void watch(DriverStream stream) {
        waiting.add(stream);
    }

    private void sweep() {
        long now = System.nanoTime();
        int kept = 0;
        for (int i = 0; i < waiting.size(); i++) {
            DriverStream stream = waiting.get(i);
            if (stream.expireOverdue(now)) {
                waiting.set(kept++, stream);
            }
        }
        waiting.subList(kept, waiting.size()).clear();
    }
}
