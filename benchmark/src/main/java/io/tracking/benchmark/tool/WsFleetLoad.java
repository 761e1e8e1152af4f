package io.tracking.benchmark.tool;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.delivery.SendOutcome;
import io.tracking.simulator.delivery.WsPingSender;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.report.Latency;
import io.tracking.simulator.report.LatencyHistogram;

/**
 * A fleet of drivers on the ingest service's WebSocket stream, through the driver simulator's ws client
 * ({@link WsPingSender}: one connection and token per driver, Netty event loops): first every driver connects (its
 * first ping opens its connection), then open-loop steps send pings at a fixed rate over those same connections.
 *
 * <p>Open loop: ping {@code i} of a step falls due at {@code i / rate} seconds after its start, round-robin over the
 * drivers, whatever happened to the earlier ones, and its latency runs from that due time to its answer, so a stall
 * shows in every ping that came due during it. Every acknowledged ping is kept, so that the caller can check
 * afterwards that each was stored.
 */
public final class WsFleetLoad implements AutoCloseable {

    private static final long MIN_BACKLOG = 1_000;
    /**
     * Beyond the ping timeout, how long to wait for the last outcomes: a ping's deadline starts when an event loop
     * takes it, which on a starved machine comes later than its sending.
     */
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(5);

    private final Fleet fleet;
    private final WsPingSender sender;
    private final Duration timeout;
    private final Queue<Ping> acknowledged = new ConcurrentLinkedQueue<>();
    private long cursor;

    private WsFleetLoad(Fleet fleet, WsPingSender sender, Duration timeout) {
        this.fleet = fleet;
        this.sender = sender;
        this.timeout = timeout;
    }

    /**
     * A fleet of {@code drivers} drivers {@code prefix + number}, not connected yet.
     *
     * @param timeout each ping's deadline (and each connection's)
     * @param log where the client prints its connection counts when closed
     */
    public static WsFleetLoad create(URI ingestUrl, String jwtSecret, String prefix, int drivers, Duration timeout,
            PrintStream log) {
        Fleet fleet = Fleet.create(prefix, drivers, CityArea.BENGALURU, ThreadLocalRandom.current().nextLong());
        return new WsFleetLoad(fleet, WsPingSender.create(ingestUrl, jwtSecret, Duration.ofHours(6), timeout, log),
                timeout);
    }

    public int drivers() {
        return fleet.size();
    }

    /**
     * Connects every driver by sending its first ping, at most {@code opening} connections being opened at once (a
     * storm of upgrades would only overflow the server's accept queue), and waits for every answer.
     *
     * @return the first pings' outcomes (a driver is connected once its upgrade succeeded, whatever the answer, see
     *         {@link #connectedDrivers()}); their latency includes opening the connection
     * @throws TimeoutException when the pings were not all settled within the ping timeout (and a margin) after the
     *         last was sent
     */
    public Step connect(int opening) throws InterruptedException, TimeoutException {
        Semaphore slots = new Semaphore(opening);
        Outcomes outcomes = new Outcomes();
        long start = System.nanoTime();
        for (int driver = 0; driver < fleet.size(); driver++) {
            if (!slots.tryAcquire(timeout.plus(SETTLE_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("no WebSocket connection of the fleet opened within " + timeout);
            }
            send(driver, System.nanoTime(), outcomes).whenComplete((outcome, error) -> slots.release());
        }
        outcomes.await(timeout.plus(SETTLE_MARGIN));
        return outcomes.step(fleet.size() / Math.max(1e-9, (System.nanoTime() - start) / 1e9), start, false);
    }

    /**
     * Sends {@code rate} pings per second for {@code length}, round-robin over the drivers, and waits for their
     * answers (at most the ping timeout and a margin beyond the end). The step is cut short when more than half a second's worth
     * of pings (at least {@value #MIN_BACKLOG}) is unanswered: the service is far beyond its rate, and going on would
     * only pile up timeouts.
     */
    public Step run(double rate, Duration length) throws InterruptedException, TimeoutException {
        long pings = Math.max(1, Math.round(rate * length.toNanos() / 1e9));
        long backlog = Math.max(MIN_BACKLOG, Math.round(rate / 2));
        Outcomes outcomes = new Outcomes();
        long start = System.nanoTime();
        boolean cutShort = false;
        for (long i = 0; i < pings && !cutShort; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send((int) (cursor++ % fleet.size()), due, outcomes);
            cutShort = outcomes.unanswered() > backlog;
        }
        outcomes.await(timeout.plus(SETTLE_MARGIN));
        return outcomes.step(rate, start, cutShort);
    }

    private CompletableFuture<SendOutcome> send(int driver, long due, Outcomes outcomes) {
        Ping ping = fleet.path(driver).next(Instant.now());
        outcomes.sent();
        return sender.send(List.of(ping)).whenComplete((outcome, error) -> {
            outcomes.settled(outcome, System.nanoTime() - due);
            if (outcome != null && outcome.acceptedCount() == 1) {
                acknowledged.add(ping);
            }
        });
    }

    /** Every ping the service acknowledged (202) so far, connecting pings included. */
    public List<Ping> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public long reconnects() {
        return sender.reconnects();
    }

    /** Drivers whose connection opened (whatever their first ping was answered), not counting reconnects. */
    public long connectedDrivers() {
        return sender.connects() - sender.reconnects();
    }

    /** Closes every connection (normal closure) and stops the client's event loops (bounded). */
    @Override
    public void close() {
        sender.close();
    }

    /**
     * One step's outcome.
     *
     * @param targetRate pings per second it was to send
     * @param sent pings sent
     * @param accepted pings answered 202
     * @param failed pings rejected, answered otherwise, or unanswered within the timeout
     * @param errors failures by kind (e.g. {@code TimeoutException}, {@code ws-503})
     * @param latency from each ping's due time to its answer
     * @param seconds from the start to the last answer
     * @param cutShort whether sending stopped early because too many pings were unanswered
     */
    public record Step(double targetRate, long sent, long accepted, long failed, Map<String, Long> errors,
            Latency latency, double seconds, boolean cutShort) {

        /** Acknowledged pings per second over the step. */
        public double acceptedPerSecond() {
            return accepted / Math.max(seconds, 1e-9);
        }
    }

    /** Counts one step's pings as they settle, on whichever thread answers them. */
    private static final class Outcomes {

        private final LatencyHistogram latency = new LatencyHistogram();
        private final LongAdder accepted = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        private final AtomicLong lastSettled = new AtomicLong();
        private long sent;
        private long unanswered;

        synchronized void sent() {
            sent++;
            unanswered++;
        }

        synchronized long unanswered() {
            return unanswered;
        }

        void settled(@Nullable SendOutcome outcome, long nanos) {
            latency.recordNanos(nanos);
            if (outcome != null && outcome.acceptedCount() == 1) {
                accepted.increment();
            } else {
                failed.increment();
                String kind = outcome == null ? "exception" : outcome.rejected() > 0 ? "rejected"
                        : String.valueOf(outcome.errorKind());
                errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
            }
            lastSettled.accumulateAndGet(System.nanoTime(), Math::max);
            synchronized (this) {
                if (--unanswered == 0) {
                    notifyAll();
                }
            }
        }

        synchronized void await(Duration limit) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (unanswered > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(unanswered + " pings were still unanswered " + limit.toSeconds()
                            + " s after the last was sent");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        Step step(double targetRate, long start, boolean cutShort) {
            Map<String, Long> byKind = new TreeMap<>();
            errors.forEach((kind, count) -> byKind.put(kind, count.sum()));
            long end = Math.max(lastSettled.get(), start);
            long total;
            synchronized (this) {
                total = sent;
            }
            return new Step(targetRate, total, accepted.sum(), failed.sum(), byKind, latency.snapshot(),
                    (end - start) / 1e9, cutShort);
        }
    }
}
