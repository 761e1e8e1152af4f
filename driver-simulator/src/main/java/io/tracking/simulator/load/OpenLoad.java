package io.tracking.simulator.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The open model: every driver takes a fix every {@code interval} (jittered by ±{@value #JITTER_PERCENT} %, first
 * fix at a random offset so drivers do not ping in lockstep) for {@code duration}. With batches a driver buffers its
 * fixes and uploads every {@code batchSize}-th; what is left in the buffers is uploaded at the end.
 *
 * <p>When the in-flight bound is reached, fixes are taken late rather than dropped: the achieved rate then falls
 * below the target of {@code drivers / interval}, which the summary shows.
 */
public final class OpenLoad implements LoadModel {

    static final int JITTER_PERCENT = 20;

    private final Fleet fleet;
    private final Duration interval;
    private final Duration duration;
    private final int batchSize;
    private final @Nullable PingRecorder recorder;
    private final List<List<Ping>> buffers;
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile boolean stopping;

    public OpenLoad(Fleet fleet, Duration interval, Duration duration, int batchSize, @Nullable PingRecorder recorder) {
        this.fleet = fleet;
        this.interval = interval;
        this.duration = duration;
        this.batchSize = batchSize;
        this.recorder = recorder;
        this.buffers = new ArrayList<>(fleet.size());
        for (int i = 0; i < fleet.size(); i++) {
            buffers.add(new ArrayList<>(batchSize));
        }
    }

    @Override
    public void run(Dispatcher dispatcher) throws InterruptedException {
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "simulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long intervalMicros = interval.toNanos() / 1_000;
        for (int i = 0; i < fleet.size(); i++) {
            int driver = i;
            clock.schedule(() -> tick(clock, dispatcher, driver), ThreadLocalRandom.current().nextLong(intervalMicros),
                    TimeUnit.MICROSECONDS);
        }
        // the clock threads do the work; this thread only waits for the end (or a failure)
        failed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        stopping = true;
        clock.shutdown();
        // a tick waits at most the dispatcher's slot timeout, so the clock stops within it
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
        for (List<Ping> buffer : buffers) {
            if (!buffer.isEmpty()) {
                dispatcher.submit(List.copyOf(buffer));
                buffer.clear();
            }
        }
    }

    private void tick(ScheduledThreadPoolExecutor clock, Dispatcher dispatcher, int driver) {
        if (stopping) {
            return;
        }
        try {
            Ping ping = fleet.path(driver).next(Instant.now());
            if (recorder != null) {
                recorder.record(ping);
            }
            if (batchSize == 1) {
                dispatcher.submit(List.of(ping));
            } else {
                List<Ping> buffer = buffers.get(driver);
                buffer.add(ping);
                if (buffer.size() >= batchSize) {
                    dispatcher.submit(List.copyOf(buffer));
                    buffer.clear();
                }
            }
            if (!stopping) {
                clock.schedule(() -> tick(clock, dispatcher, driver), jitteredIntervalMicros(), TimeUnit.MICROSECONDS);
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

    private long jitteredIntervalMicros() {
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * JITTER_PERCENT / 100.0;
        return (long) (interval.toNanos() / 1_000 * factor);
    }
}
