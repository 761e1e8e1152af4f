package io.tracking.writer.batch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.tracking.writer.BatchWriterProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one poll loop alive. Each life of the loop starts afresh (new consumer, empty buffer, positions reloaded
 * from PostgreSQL on assignment); a life that ends while the loop should still run, by an exception or otherwise,
 * is followed by another after an exponential back-off.
 *
 * <p>A loop that keeps dying is reported broken ({@link Liveness#broken}) so that the orchestrator restarts the
 * process: more than {@code maxRestarts} restarts within {@code window}, with no committed flush in between. A
 * successful poll does not count as progress: every life polls successfully before it meets whatever ends it.
 * The loop keeps restarting meanwhile, and is reported correct again after its next committed flush.
 *
 * <p>{@link #run} and {@link #progressed} are called on the loop's thread only; {@link #wakeUp} on any thread.
 */
final class LoopSupervisor {

    private static final Logger log = LoggerFactory.getLogger(LoopSupervisor.class);

    /** One life of the loop: returns once asked to stop; a return or throw while it should run is a failure. */
    interface Life {

        void run();
    }

    /** Where the supervisor reports a loop it cannot keep running, and its recovery. */
    interface Liveness {

        void broken(String loop);

        void correct(String loop);
    }

    private final String name;
    private final RetryBackoff backoff;
    private final int maxRestarts;
    private final long windowNanos;
    private final WriterMetrics metrics;
    private final Liveness liveness;
    /** Reads the time restarts happen at, for the window; the back-off pauses on the real clock. */
    private final LongSupplier nanoTime;
    private final Object sleeper = new Object();
    private final Deque<Long> recentRestarts = new ArrayDeque<>();
    private boolean broken;

    LoopSupervisor(String name, BatchWriterProperties.Supervision settings, WriterMetrics metrics, Liveness liveness,
            LongSupplier nanoTime) {
        this.name = name;
        this.backoff = new RetryBackoff(settings.initialBackoff(), settings.maxBackoff(), 2.0);
        this.maxRestarts = settings.maxRestarts();
        this.windowNanos = settings.window().toNanos();
        this.metrics = metrics;
        this.liveness = liveness;
        this.nanoTime = nanoTime;
    }

    /** Runs lives of the loop on the calling thread, one after the other, until {@code shouldRun} turns false. */
    void run(BooleanSupplier shouldRun, Life life) {
        while (shouldRun.getAsBoolean()) {
            try {
                life.run();
                if (shouldRun.getAsBoolean()) {
                    log.error("Poll loop {} ended by itself; restarting it", name);
                }
            } catch (RuntimeException | Error e) {
                log.error("Poll loop {} failed; restarting it with a fresh consumer", name, e);
            }
            if (!shouldRun.getAsBoolean()) {
                return;
            }
            restarted();
            pause(backoff.nextDelayNanos(), shouldRun);
        }
    }

    /** The loop committed a flush: it runs, whatever happened before. */
    void progressed() {
        if (recentRestarts.isEmpty() && !broken) {
            return;
        }
        recentRestarts.clear();
        backoff.reset();
        if (broken) {
            broken = false;
            log.info("Poll loop {} committed a flush again", name);
            liveness.correct(name);
        }
    }

    /** Ends a back-off pause early, for a stop. */
    void wakeUp() {
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
    }

    private void restarted() {
        metrics.loopRestarted();
        long now = nanoTime.getAsLong();
        recentRestarts.addLast(now);
        while (!recentRestarts.isEmpty() && now - recentRestarts.peekFirst() > windowNanos) {
            recentRestarts.removeFirst();
        }
        if (recentRestarts.size() > maxRestarts && !broken) {
            broken = true;
            log.error("Poll loop {} restarted {} times within {} s without committing a flush; reporting the process"
                    + " broken", name, recentRestarts.size(), TimeUnit.NANOSECONDS.toSeconds(windowNanos));
            liveness.broken(name);
        }
    }

    private void pause(long nanos, BooleanSupplier shouldRun) {
        long until = System.nanoTime() + nanos;
        synchronized (sleeper) {
            long left;
            while (shouldRun.getAsBoolean() && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(sleeper, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
