package io.tracking.ingest.publish;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fails the publishes that outlive the publish timeout, with one sweep per tick instead of a timer per publish:
 * {@code CompletableFuture.orTimeout} schedules a task on a shared delay queue and cancels it again for every request,
 * which on the driver stream (one publish per ping) was about 5 % of the service's CPU and a lock every event loop
 * contended for.
 *
 * <p>All publishes have the same timeout, so deadlines come due in about the order they were watched: a sweep fails
 * those at the head whose deadline passed, drops those at the head already done, and stops at the first one still
 * waiting. A deadline is thus met at most one tick late (or, watched a few microseconds out of order, that much
 * later), and the queue holds at most one timeout's worth of publishes.
 */
final class PublishDeadlines implements AutoCloseable {

    private record Watched(CompletableFuture<?> publish, long deadlineNanos) {
    }

    private final Queue<Watched> watched = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService sweeper;

    PublishDeadlines(Duration tick) {
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-publish-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Fails {@code publish} with a {@link TimeoutException} if it is not done by {@code deadlineNanos}. */
    void watch(CompletableFuture<?> publish, long deadlineNanos) {
        if (!publish.isDone()) {
            watched.add(new Watched(publish, deadlineNanos));
        }
    }

    /** Publishes watched and not yet dropped by a sweep: done ones leave at the next sweep that reaches them. */
    int watching() {
        return watched.size();
    }

    void sweep() {
        long now = System.nanoTime();
        for (Watched head = watched.peek(); head != null; head = watched.peek()) {
            if (!head.publish().isDone() && now - head.deadlineNanos() < 0) {
                return;
            }
            watched.poll();
            // what depends on the publish (its answer to the client) runs here; CompletableFuture keeps what a
            // dependent throws in that dependent, so completing cannot throw and end the sweeps
            head.publish().completeExceptionally(new TimeoutException());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
