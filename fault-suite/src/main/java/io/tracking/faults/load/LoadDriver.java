package io.tracking.faults.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.delivery.DriverTokens;
import io.tracking.simulator.fleet.DriverPath;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Simulated drivers (the simulator's {@link Fleet}) each sending one ping per {@code interval} to the ingest
 * service, one request per ping, and recording every attempt.
 *
 * <p>Each driver has at most one request in flight: its next fix is taken {@code interval} (±10 %) after the
 * previous request started, or as soon as that request ends if it took longer. So the concurrency is bounded by the
 * number of drivers, a slow or unreachable service lowers the rate instead of piling up requests, and the pings of
 * one driver reach the service in {@code recordedAt} order. Nothing is retried: a ping the service refused stays
 * refused, which is what makes "accepted" exact.
 */
public final class LoadDriver {

    private static final double JITTER = 0.10;

    private final HttpClient client;
    private final URI endpoint;
    private final DriverTokens tokens;
    private final Fleet fleet;
    private final long intervalNanos;
    private final Duration requestTimeout;
    private final JsonMapper json = SimulatorJson.newMapper();
    private final Queue<PingAttempt> attempts = new ConcurrentLinkedQueue<>();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong lastAcceptedEndNanos = new AtomicLong(Long.MIN_VALUE);
    private final ScheduledThreadPoolExecutor clock;
    private volatile boolean stopping;

    /**
     * @param client the HTTP client (HTTP/1.1; its connection pool is shared by all drivers)
     * @param ingestBaseUrl {@code http://host:port} of the ingest service
     * @param tokens the drivers' bearer tokens
     * @param fleet the drivers
     * @param interval time between two pings of one driver
     * @param requestTimeout how long one request may take before it counts as failed
     */
    public LoadDriver(HttpClient client, String ingestBaseUrl, DriverTokens tokens, Fleet fleet, Duration interval,
            Duration requestTimeout) {
        this.client = client;
        this.endpoint = URI.create(ingestBaseUrl + "/api/v1/locations");
        this.tokens = tokens;
        this.fleet = fleet;
        this.intervalNanos = interval.toNanos();
        this.requestTimeout = requestTimeout;
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
            // tokens are minted up front: minting is CPU the first seconds of load should not compete with
            tokens.tokenFor(path.driverId());
            schedule(path, ThreadLocalRandom.current().nextLong(intervalNanos));
        }
    }

    /**
     * Sends no new ping and waits for the requests in flight, at most {@code timeout}.
     *
     * @return whether every request ended in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        clock.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!clock.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            clock.shutdownNow();
        }
        // after the clock stopped no request can start, so this snapshot is complete
        CompletableFuture<?>[] pending = inFlight.toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // the futures record failures themselves and never complete exceptionally
            return true;
        }
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

    /** Attempts so far by outcome, e.g. {@code http-202=1200, http-503=40}. */
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
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.tokenFor(ping.driverId()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(ping)))
                .build();
        long start = System.nanoTime();
        sent.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight.add(done);
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long end = System.nanoTime();
            try {
                PingAttempt attempt = response != null
                        ? attempt(ping, start, end, response.statusCode(), null)
                        : attempt(ping, start, end, PingAttempt.NO_RESPONSE, errorKind(failure));
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

    private static PingAttempt attempt(Ping ping, long start, long end, int status, @Nullable String error) {
        return new PingAttempt(ping.driverId(), ping.recordedAt(), ping.latitude(), ping.longitude(), start, end,
                status, error);
    }

    private static long jittered(long nanos) {
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * JITTER;
        return (long) (nanos * factor);
    }

    static String errorKind(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
