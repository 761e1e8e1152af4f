package io.tracking.query.live;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the live reader's loop running on a thread of its own. Whenever the loop ends while the service runs (an
 * exception it does not handle itself, an {@link Error}, or returning early), the end is counted and logged, and
 * the loop is started again after a back-off that doubles from {@code firstBackoff} up to {@code maxBackoff}; the
 * loop builds a new consumer each time it starts.
 *
 * <p>The reader cannot keep running ({@link #isBroken()}, which turns liveness DOWN so that the orchestrator
 * restarts the process) when, while the service runs: its thread has ended, or the loop ended
 * {@code brokenAfterFailures} times in a row without completing a turn in between, or no turn completed for
 * {@code stuckAfter} (a listener that blocks, say). A turn that completes clears the failures, so a reader that
 * recovered is live again. A broker outage is none of this: the loop retries Kafka errors itself and keeps turning.
 */
final class LiveFeedSupervisor {

    /** The supervised loop. */
    @FunctionalInterface
    interface Loop {

        /**
         * Reads until {@link LiveFeedSupervisor#isRunning()} turns false, calling {@link LiveFeedSupervisor#turned()}
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
    record Settings(Duration firstBackoff, Duration maxBackoff, int brokenAfterFailures, Duration stuckAfter) {
    }

    private static final Logger log = LoggerFactory.getLogger(LiveFeedSupervisor.class);

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
     * @param wakeup makes a running loop notice {@link #isRunning()} turned false (for instance, wakes its consumer)
     */
    LiveFeedSupervisor(String name, Loop loop, Runnable wakeup, Settings settings, MeterRegistry meters) {
        this.name = name;
        this.loop = loop;
        this.wakeup = wakeup;
        this.settings = settings;
        this.restarts = Counter.builder("tracking.query.live.reader.restarts")
                .description("Times the live reader's loop ended while running and was started again")
                .register(meters);
    }

    synchronized void start() {
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
    void stop(Duration wait) {
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

    boolean isRunning() {
        return running;
    }

    /** Called by the loop at each turn it completes: it runs, whatever happened before. */
    void turned() {
        lastTurnNanos = System.nanoTime();
        failuresInARow = 0;
    }

    /** Whether the reader cannot keep running (see the class comment); never while stopped. */
    boolean isBroken() {
        if (!running) {
            return false;
        }
        Thread reader = thread;
        return reader == null || !reader.isAlive() || failuresInARow >= settings.brokenAfterFailures()
                || System.nanoTime() - lastTurnNanos > settings.stuckAfter().toNanos();
    }

    Map<String, Object> details() {
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
                log.error("Live reader: its thread ended while the service runs; liveness is DOWN");
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
        log.error("Live reader: the loop ended ({}{}), {} in a row; starting a new consumer in {}", what,
                frames.length == 0 ? "" : " at " + frames[0], inARow, backoff);
        if (failure != null) {
            log.debug("Live reader: the loop ended", failure);
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
