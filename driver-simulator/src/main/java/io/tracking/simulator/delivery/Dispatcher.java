package io.tracking.simulator.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.report.AcceptedPositions;
import io.tracking.simulator.report.RunStatistics;

/**
 * Hands requests to a {@link PingSender} with at most {@code concurrency} of them in flight: {@link #submit}
 * blocks while the bound is reached, for at most {@code slotTimeout}; {@link #trySubmit}, for callers that must not
 * block, sends only when a slot is free at once. Every request's outcome and latency (from the moment it got its
 * slot, or from the due time its caller gives) go to the {@link RunStatistics}, its accepted pings to the
 * {@link AcceptedPositions}.
 */
public final class Dispatcher {

    private final PingSender sender;
    private final int concurrency;
    private final Semaphore permits;
    private final RunStatistics statistics;
    private final AcceptedPositions positions;
    private final Duration slotTimeout;

    public Dispatcher(PingSender sender, int concurrency, RunStatistics statistics, AcceptedPositions positions,
            Duration slotTimeout) {
        this.sender = sender;
        this.slotTimeout = slotTimeout;
        this.concurrency = concurrency;
        this.permits = new Semaphore(concurrency);
        this.statistics = statistics;
        this.positions = positions;
    }

    /**
     * Sends one request (one ping, or one driver's batch), waiting first for a free slot.
     *
     * @throws IllegalStateException when no slot came free within the slot timeout: requests that outlive their own
     *         timeout mean the sender is stuck, and waiting longer would hang the run
     */
    public void submit(List<Ping> pings) throws InterruptedException {
        acquire();
        send(pings, System.nanoTime());
    }

    /**
     * As {@link #submit(List)}, its latency counted from {@code dueNanos} ({@link System#nanoTime()}): the time the
     * fix was due, so that a wait for the slot counts as the driver would feel it.
     */
    public void submit(List<Ping> pings, long dueNanos) throws InterruptedException {
        acquire();
        send(pings, dueNanos);
    }

    /**
     * Sends one request if a slot is free now and no caller of {@link #submit} waits for one (which would
     * otherwise be overtaken again and again), without blocking; its latency counts from {@code dueNanos}.
     *
     * @return whether it was sent; if not, nothing happened
     */
    public boolean trySubmit(List<Ping> pings, long dueNanos) {
        if (permits.hasQueuedThreads() || !permits.tryAcquire()) {
            return false;
        }
        send(pings, dueNanos);
        return true;
    }

    /** Where {@code driverId}'s pings are best timed, see {@link PingSender#timerFor}; null: anywhere. */
    public @Nullable ScheduledExecutorService timerFor(String driverId) {
        return sender.timerFor(driverId);
    }

    private void send(List<Ping> pings, long start) {
        statistics.dispatched(pings.size());
        CompletableFuture<SendOutcome> outcome;
        try {
            outcome = sender.send(pings);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(SendOutcome.failed(pings.size(), e));
        }
        outcome.whenComplete((result, error) -> {
            try {
                SendOutcome settled = error == null ? result : SendOutcome.failed(pings.size(), error);
                statistics.completed(settled.acceptedCount(), settled.rejected(), settled.failed(),
                        settled.errorKind(), System.nanoTime() - start);
                positions.record(settled.accepted());
            } finally {
                permits.release();
            }
        });
    }

    private void acquire() throws InterruptedException {
        if (!permits.tryAcquire(slotTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "no request slot came free within %.1f s: all %d requests in flight are still unanswered",
                    slotTimeout.toMillis() / 1e3, concurrency));
        }
    }

    /** How long {@link #submit} waits at most for a free slot. */
    public Duration slotTimeout() {
        return slotTimeout;
    }

    /** Waits until no request is in flight; false if some still are after {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        sender.flush();
        if (permits.tryAcquire(concurrency, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.release(concurrency);
            return true;
        }
        return false;
    }
}
