package io.tracking.simulator.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *
 * <p>Clocks: when the sender has a place where a driver's pings are taken most cheaply ({@link Dispatcher#timerFor}:
 * in the ws mode the event loop of the driver's connection), the driver's fixes are timed there, in slots of
 * {@link #SLOT}: one task per slot and timer takes every fix that came due on it since the last, so that a loop
 * wakes once for several fixes and each goes from its timer to its frame without changing threads. A fix leaves up
 * to one slot after its due time, as it would behind a busy clock thread; its latency is counted from its due time,
 * waits for a slot or a request slot included, as the driver would feel them. Such a timer must not block, so a fix that finds every request slot taken moves to the
 * model's clock threads and waits there; the driver's next fix is timed on its own timer again. Drivers whose
 * sender offers no timer are timed on the clock threads, one task per fix.
 */
public final class DueTimeLoad implements LoadModel {

    /** Far below a fix interval (seconds), and a few fixes per slot and loop at thousands of fixes per second. */
    static final Duration SLOT = Duration.ofMillis(4);

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
        Map<ScheduledExecutorService, Slots> slotsByTimer = new IdentityHashMap<>();
        long start = System.nanoTime();
        endNanos = start + duration.toNanos();
        for (int i = 0; i < fleet.size(); i++) {
            ScheduledExecutorService timer = dispatcher.timerFor(fleet.path(i).driverId());
            Slots slots = timer == null ? null : slotsByTimer.computeIfAbsent(timer, Slots::new);
            Driver driver = new Driver(i, slots, clock, dispatcher);
            driver.due = start + ThreadLocalRandom.current().nextLong(interval.toNanos());
            if (slots == null) {
                clock.schedule(driver::tick, driver.due - start, TimeUnit.NANOSECONDS);
            } else {
                // before the slots' task is scheduled, which publishes them to the timer's thread
                slots.byDue.add(driver);
            }
        }
        List<ScheduledFuture<?>> slotTasks = new ArrayList<>();
        for (Slots slots : slotsByTimer.values()) {
            slotTasks.add(slots.timer.scheduleAtFixedRate(slots, SLOT.toNanos(), SLOT.toNanos(),
                    TimeUnit.NANOSECONDS));
        }
        failed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        stopping = true;
        Duration stopTimeout = dispatcher.slotTimeout().plusSeconds(5);
        for (Slots slots : slotsByTimer.values()) {
            awaitTicksInProgress(slots.timer, stopTimeout);
        }
        slotTasks.forEach(task -> task.cancel(false));
        clock.shutdown();
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

    /**
     * Returns once no tick that started before {@link #stopping} was set still runs on {@code timer}: a timer of
     * the sender runs its tasks one after another, so a task queued now runs after them.
     */
    private static void awaitTicksInProgress(ScheduledExecutorService timer, Duration limit)
            throws InterruptedException {
        try {
            timer.submit(() -> { }).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the sender's threads are gone, and their ticks with them
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a sender's timer did not finish its ticks within "
                    + limit.toSeconds() + " s of the end of the run", e);
        }
    }

    private void fail(RuntimeException e) {
        failure.compareAndSet(null, e);
        failed.countDown();
    }

    private long jitteredIntervalNanos() {
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * OpenLoad.JITTER_PERCENT / 100.0;
        return (long) (interval.toNanos() * factor);
    }

    /** The drivers timed on one timer of the sender, by due time; touched only on that timer's thread once started. */
    private final class Slots implements Runnable {

        final ScheduledExecutorService timer;
        final PriorityQueue<Driver> byDue = new PriorityQueue<>(Comparator.comparingLong((Driver d) -> d.due));

        Slots(ScheduledExecutorService timer) {
            this.timer = timer;
        }

        /** Once a slot: every fix due by now. */
        @Override
        public void run() {
            long now = System.nanoTime();
            Driver next;
            while (!stopping && (next = byDue.peek()) != null && next.due - now <= 0) {
                byDue.poll();
                next.tick();
            }
        }
    }

    /**
     * One driver's fixes: timed in its {@link Slots} (or on {@code clock} when it has none), waiting for a request
     * slot on {@code clock} when none is free. {@code due} is the time of its next fix.
     */
    private final class Driver {

        private final int index;
        private final @Nullable Slots slots;
        private final ScheduledExecutorService clock;
        private final Dispatcher dispatcher;
        long due;

        Driver(int index, @Nullable Slots slots, ScheduledExecutorService clock, Dispatcher dispatcher) {
            this.index = index;
            this.slots = slots;
            this.clock = clock;
            this.dispatcher = dispatcher;
        }

        void tick() {
            // only fixes due within the run, however late the timer or the end of the wait comes
            if (stopping || due - endNanos > 0) {
                return;
            }
            try {
                Ping ping = fleet.path(index).next(Instant.now());
                if (recorder != null) {
                    recorder.record(ping);
                }
                long dueOfPing = due;
                if (slots == null) {
                    dispatcher.submit(List.of(ping), dueOfPing);
                } else if (!dispatcher.trySubmit(List.of(ping), dueOfPing)) {
                    clock.execute(() -> submitWaiting(ping, dueOfPing));
                    return;
                }
                timeNext();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RejectedExecutionException e) {
                // a clock was shut down between the check and the schedule: the run is over
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** On the clock: the fix {@code ping} found no free request slot on the driver's timer and waits here. */
        private void submitWaiting(Ping ping, long dueOfPing) {
            try {
                dispatcher.submit(List.of(ping), dueOfPing);
                Slots own = slots;
                if (own != null) {
                    own.timer.execute(this::timeNext);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RejectedExecutionException e) {
                // the sender's timer stopped: the run is over
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** Sets the next fix's due time and times it, on the thread that times this driver. */
        private void timeNext() {
            due += jitteredIntervalNanos();
            if (stopping) {
                return;
            }
            Slots own = slots;
            if (own == null) {
                clock.schedule(this::tick, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
            } else {
                own.byDue.add(this);
            }
        }
    }
}
