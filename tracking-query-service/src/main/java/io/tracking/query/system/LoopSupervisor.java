package io.tracking.query.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;

/**
 * Keeps a reader's loop (the live reader, the trip store, the trip feed) running on a thread of its own. Whenever
 * the loop ends while the service runs (an exception it does not handle itself, an {@link Error}, or returning
 * early), the end is counted and logged, and the loop is started again after a back-off that doubles from
 * {@code firstBackoff} up to {@code maxBackoff}; the loop builds a new consumer each time it starts.
 *
 * <p>The reader cannot keep running ({@link #isBroken()}, which turns liveness DOWN so that the orchestrator
 * restarts the process) when, while the service runs: its thread has ended, or the loop ended
 * {@code brokenAfterFailures} times in a row without completing a turn in between, or no turn completed for
 * {@code stuckAfter} (a listener that blocks, say). A turn that completes clears the failures, so a reader that
 * recovered is live again. A broker outage is none of this: the loop retries Kafka errors itself and keeps turning.
 */
public final class LoopSupervisor {

    /** The supervised loop. */
    @FunctionalInterface
    public interface Loop {

        /**
         * Reads until {@link LoopSupervisor#isRunning()} turns false, calling {@link LoopSupervisor#turned()}
         * at each turn; anything thrown, or returning while running, is a failure.
         */
        void run() throws Exception;
    }

    /**
     * @param firstBackoff pause before the first restart
     * @param maxBackoff the longest pause between restarts
     * @param brokenAfterFailures ends in a row (no completed turn between) after which the reader is broken
     * @param stuckAfter the reader is broken when no turn completed for this long
     */
    public record Settings(Duration firstBackoff, Duration maxBackoff, int brokenAfterFailures, Duration stuckAfter) {
    }

    private static final Logger log = LoggerFactory.getLogger(LoopSupervisor.class);

    private final String name;
    private final Loop loop;
    private final Runnable wakeup;
    private final Settings settings;
    private final Counter restarts;

    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile int failuresInARow;
    private volatile long lastTurnNanos = System.nanoTime();
    private volatile @Nullable String lastFailure;

    /**
     * @param name names the loop's thread and its log lines
     * @param restarts counts the times the loop ended while running
     * @param wakeup makes a running loop notice {@link #isRunning()} turned false (for instance, wakes its consumer)
     */
    public LoopSupervisor(String name, Loop loop, Runnable wakeup, Settings settings, Counter restarts) {
        this.name = name;
        this.loop = loop;
        this.wakeup = wakeup;
        this.settings = settings;
        this.restarts = restarts;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        failuresInARow = 0;
        lastTurnNanos = System.nanoTime();
        Thread reader = new Thread(this::supervise, name);
        reader.setDaemon(true);
        thread = reader;
        reader.start();
    }

    /** Stops the loop and waits up to {@code wait} for its thread to end. */
    public void stop(Duration wait) {
        running = false;
        wakeup.run();
        Thread reader = thread;
        if (reader != null) {
            LockSupport.unpark(reader);
            try {
                reader.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Called by the loop at each turn it completes: it runs, whatever happened before. */
    public void turned() {
        lastTurnNanos = System.nanoTime();
        failuresInARow = 0;
    }

    /** Whether the reader cannot keep running (see the class comment); never while stopped. */
    public boolean isBroken() {
        if (!running) {
            return false;
        }
        Thread reader = thread;
        return reader == null || !reader.isAlive() || failuresInARow >= settings.brokenAfterFailures()
                || System.nanoTime() - lastTurnNanos > settings.stuckAfter().toNanos();
    }

    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("restarts", (long) restarts.count());
        details.put("failuresInARow", failuresInARow);
        details.put("sinceLastTurnMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastTurnNanos));
        String failure = lastFailure;
        if (failure != null) {
            details.put("lastFailure", failure);
        }
        return details;
    }

    private void supervise() {
        try {
            while (running) {
                Throwable failure = null;
                try {
                    loop.run();
                } catch (Throwable e) {
                    // an Error included: a fresh consumer may well work, and if not, liveness says so
                    failure = e;
                }
                if (running) {
                    failed(failure);
                }
            }
        } finally {
            if (running) {
                log.error("{}: its thread ended while the service runs; liveness is DOWN", name);
            }
        }
    }

    private void failed(@Nullable Throwable failure) {
        int inARow = ++failuresInARow;
        restarts.increment();
        String what = failure == null ? "returned early" : failure.getClass().getName();
        lastFailure = what;
        Duration backoff = backoff(inARow);
        // the class and the throwing frame only: a message might quote a record
        StackTraceElement[] frames = failure == null ? new StackTraceElement[0] : failure.getStackTrace();
        log.error("{}: the loop ended ({}{}), {} in a row; starting a new consumer in {}", name, what,
                frames.length == 0 ? "" : " at " + frames[0], inARow, backoff);
        if (failure != null) {
            log.debug("{}: the loop ended", name, failure);
        }
        // the pause is deliberate: it is no sign of a stuck loop
        lastTurnNanos = System.nanoTime();
        pause(backoff);
        lastTurnNanos = System.nanoTime();
    }

    private Duration backoff(int failures) {
        Duration backoff = settings.firstBackoff();
        for (int i = 1; i < failures && backoff.compareTo(settings.maxBackoff()) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
    }

    private void pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        for (long left = pause.toNanos(); running && left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
