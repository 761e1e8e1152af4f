package io.tracking.simulator.load;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.delivery.Dispatcher;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;

/**
 * The open model timed from each fix's due time, one ping per fix (the ws mode): a driver's next fix is due
 * {@code interval} (jittered by ±{@value OpenLoad#JITTER_PERCENT} %) after the previous one was due, not after it was
 * sent, so a slow send does not stretch the schedule: a fix that comes due late is taken at once and the ones after
 * it keep their times. The first fix of each driver is due at a random offset within the first interval; the last
 * fixes sent are those due before the end of the run.
 */
public final class DueTimeLoad implements LoadModel {

    private final Fleet fleet;
    private final Duration interval;
    private final Duration duration;
    private final @Nullable PingRecorder recorder;
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile boolean stopping;
    private long endNanos;

    public DueTimeLoad(Fleet fleet, Duration interval, Duration duration, @Nullable PingRecorder recorder) {
        this.fleet = fleet;
        this.interval = interval;
        this.duration = duration;
        this.recorder = recorder;
    }

    @Override
    public void run(Dispatcher dispatcher) throws InterruptedException {
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "simulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long start = System.nanoTime();
        endNanos = start + duration.toNanos();
        for (int i = 0; i < fleet.size(); i++) {
            int driver = i;
            long due = start + ThreadLocalRandom.current().nextLong(interval.toNanos());
            clock.schedule(() -> tick(clock, dispatcher, driver, due), due - start, TimeUnit.NANOSECONDS);
        }
        failed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        stopping = true;
        clock.shutdown();
        Duration stopTimeout = dispatcher.slotTimeout().plusSeconds(5);
        if (!clock.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            clock.shutdownNow();
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the open model's clock threads did not stop within %.1f s of the end of the run",
                    stopTimeout.toMillis() / 1e3));
        }
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("the simulation failed: " + error.getMessage(), error);
        }
    }

    private void tick(ScheduledThreadPoolExecutor clock, Dispatcher dispatcher, int driver, long due) {
        // only fixes due within the run, however late the clock thread or the end of the wait comes
        if (stopping || due - endNanos > 0) {
            return;
        }
        try {
            Ping ping = fleet.path(driver).next(Instant.now());
            if (recorder != null) {
                recorder.record(ping);
            }
            dispatcher.submit(List.of(ping));
            long next = due + jitteredIntervalNanos();
            if (!stopping) {
                clock.schedule(() -> tick(clock, dispatcher, driver, next), Math.max(0, next - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            // the clock was shut down between the check and the schedule: the run is over
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            failed.countDown();
        }
    }

    private long jitteredIntervalNanos() {
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * OpenLoad.JITTER_PERCENT / 100.0;
        return (long) (interval.toNanos() * factor);
    }
}
