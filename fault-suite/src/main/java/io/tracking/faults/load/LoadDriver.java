package io.tracking.faults.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.tracking.faults.load.PingChannel.Answer;
import io.tracking.simulator.fleet.DriverPath;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;

/**
 * Simulated drivers (the simulator's {@link Fleet}) each sending one ping per {@code interval} to the ingest
 * service through a {@link PingChannel} (HTTP or WebSocket), and recording every attempt.
 *
 * <p>Each driver has at most one ping in flight: its next fix is taken {@code interval} (±10 %) after the previous
 * ping was handed to the channel, or as soon as that ping was answered if it took longer. So the concurrency is
 * bounded by the number of drivers, a slow or unreachable service lowers the rate instead of piling up pings, and
 * the pings of one driver reach the service in {@code recordedAt} order. The load driver retries nothing: a ping
 * the channel reports refused stays refused, which is what makes "accepted" exact. (A WebSocket channel resends a
 * ping whose connection dropped before it was answered; that is still one attempt, answered once.)
 */
public final class LoadDriver {

    private static final double JITTER = 0.10;

    private final PingChannel channel;
    private final Fleet fleet;
    private final long intervalNanos;
    private final Queue<PingAttempt> attempts = new ConcurrentLinkedQueue<>();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong lastAcceptedEndNanos = new AtomicLong(Long.MIN_VALUE);
    private final ScheduledThreadPoolExecutor clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopping;

    /**
     * @param channel sends the pings; closed by {@link #stop}
     * @param fleet the drivers
     * @param interval time between two pings of one driver
     */
    public LoadDriver(PingChannel channel, Fleet fleet, Duration interval) {
        this.channel = channel;
        this.fleet = fleet;
        this.intervalNanos = interval.toNanos();
        this.clock = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "fault-load-clock");
            thread.setDaemon(true);
            return thread;
        });
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        clock.setRemoveOnCancelPolicy(true);
    }

    /** Starts every driver at a random moment within the first interval, so they do not ping in lockstep. */
    public void start() {
        for (int i = 0; i < fleet.size(); i++) {
            DriverPath path = fleet.path(i);
            channel.prepare(path.driverId());
            schedule(path, ThreadLocalRandom.current().nextLong(intervalNanos));
        }
    }

    /**
     * Sends no new ping, waits for the pings in flight, at most {@code timeout}, and closes the channel (the first
     * time only: it may be called again).
     *
     * @return whether every ping in flight was answered or failed in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        clock.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!clock.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            clock.shutdownNow();
        }
        // after the clock stopped no ping can start, so this snapshot is complete
        CompletableFuture<?>[] pending = inFlight.toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // the futures record failures themselves and never complete exceptionally
            return true;
        } finally {
            if (closed.compareAndSet(false, true)) {
                channel.close();
            }
        }
    }

    public Transport transport() {
        return channel.transport();
    }

    /** The channel's connection figures once the load stopped; empty for HTTP. */
    public Optional<Connections> connections() {
        return channel.connections();
    }

    /** Every attempt so far, in completion order. */
    public List<PingAttempt> attempts() {
        return new ArrayList<>(attempts);
    }

    public long sent() {
        return sent.get();
    }

    public long accepted() {
        return accepted.get();
    }

    /** When the latest 202 arrived ({@link System#nanoTime()}), or {@link Long#MIN_VALUE} before the first. */
    public long lastAcceptedEndNanos() {
        return lastAcceptedEndNanos.get();
    }

    /** Attempts so far by outcome, e.g. {@code http-202=1200, http-503=40} or {@code ws-202=1200, ws-close-1001=3}. */
    public Map<String, Long> outcomes() {
        Map<String, Long> counts = new TreeMap<>();
        for (PingAttempt attempt : attempts) {
            counts.merge(attempt.outcome(), 1L, Long::sum);
        }
        return counts;
    }

    private void schedule(DriverPath path, long delayNanos) {
        if (stopping) {
            return;
        }
        try {
            clock.schedule(() -> send(path), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stopped between the check and the schedule: the run is over
        }
    }

    private void send(DriverPath path) {
        if (stopping) {
            return;
        }
        Ping ping = path.next(Instant.now());
        long start = System.nanoTime();
        sent.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight.add(done);
        channel.send(ping).whenComplete((answer, failure) -> {
            long end = System.nanoTime();
            try {
                PingAttempt attempt = attempt(ping, start, end, answer != null ? answer : Answer.failed(failure));
                attempts.add(attempt);
                if (attempt.accepted()) {
                    accepted.incrementAndGet();
                    lastAcceptedEndNanos.accumulateAndGet(end, Math::max);
                }
                long next = start + jittered(intervalNanos) - end;
                schedule(path, Math.max(0, next));
            } finally {
                inFlight.remove(done);
                done.complete(null);
            }
        });
    }

    private PingAttempt attempt(Ping ping, long start, long end, Answer answer) {
        return new PingAttempt(ping.driverId(), ping.recordedAt(), ping.latitude(), ping.longitude(), start, end,
                channel.transport(), answer.status(), answer.error());
    }

    private static long jittered(long nanos) {
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * JITTER;
        return (long) (nanos * factor);
    }
}
