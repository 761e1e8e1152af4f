package io.tracking.ingest.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every open stream connection, of either transport (Tomcat's and the Netty server's): the per-driver limit,
 * keep-alive pings and the idle timeout, closing each connection when its token expires, and the graceful shutdown.
 *
 * <p>Shutdown: this lifecycle stops before the web server's graceful shutdown and before the Kafka producer is
 * closed. It refuses new connections, stops reading every connection, waits (at most the publish timeout plus a
 * second) until every frame already read was answered, and then closes each connection with 1001. Frames the apps
 * sent and the server did not read stay unanswered, and the apps send them again after reconnecting.
 *
 * <p>One scheduler thread runs the keep-alive round and the token-expiry closes; it never waits for Kafka.
 */
final class StreamConnections implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamConnections.class);
    private static final StreamClose SHUTDOWN = StreamClose.goingAway("server shutting down");

    private final StreamProperties properties;
    private final Duration drainTimeout;
    private final Map<String, DriverConnection> byId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perDriver = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicInteger open = new AtomicInteger();
    private final StreamMetrics metrics;
    private volatile boolean closing;
    private volatile boolean running;

    StreamConnections(StreamProperties properties, Duration publishTimeout, MeterRegistry registry) {
        this.properties = properties;
        this.metrics = new StreamMetrics(registry, open::get);
        this.drainTimeout = publishTimeout.plusSeconds(1);
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ingest-stream-keepalive");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    StreamMetrics metrics() {
        return metrics;
    }

    int openConnections() {
        return open.get();
    }

    /**
     * Registers a new connection, or closes it: 1001 while the service shuts down, 1008 when its driver already
     * holds {@code max-connections-per-driver}. A connection is closed with 1008 when its token expires.
     *
     * @return whether the connection was registered (and not closed)
     */
    boolean opened(DriverConnection connection, Instant tokenExpiresAt) {
        if (closing) {
            metrics.closed("shutdown");
            connection.close(SHUTDOWN);
            return false;
        }
        AtomicInteger count = perDriver.compute(connection.driverId(),
                (driver, c) -> c == null ? new AtomicInteger(1) : incremented(c));
        if (count.get() > properties.maxConnectionsPerDriver()) {
            release(connection.driverId());
            metrics.closed("limit");
            connection.close(StreamClose.policyViolation("at most " + properties.maxConnectionsPerDriver()
                    + " connections per driver"));
            return false;
        }
        String id = connection.id();
        byId.put(id, connection);
        open.incrementAndGet();
        long untilExpiry = Math.max(0, Duration.between(Instant.now(), tokenExpiresAt).toMillis());
        expiries.put(id, scheduler.schedule(() -> {
            metrics.closed("expired");
            connection.close(StreamClose.policyViolation("token expired"));
        }, untilExpiry, TimeUnit.MILLISECONDS));
        return true;
    }

    void closed(String id) {
        DriverConnection connection = byId.remove(id);
        ScheduledFuture<?> expiry = expiries.remove(id);
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (connection != null) {
            open.decrementAndGet();
            release(connection.driverId());
        }
    }

    @Nullable DriverConnection connection(String id) {
        return byId.get(id);
    }

    /** The open connections of {@code driverId} (for tests and diagnostics). */
    List<DriverConnection> connectionsOf(String driverId) {
        return byId.values().stream().filter(c -> c.driverId().equals(driverId)).toList();
    }

    private void keepAlive() {
        long now = System.nanoTime();
        long idleNanos = properties.idleTimeout().toNanos();
        for (DriverConnection connection : byId.values()) {
            if (now - connection.lastHeardNanos() > idleNanos) {
                metrics.closed("idle");
                connection.close(StreamClose.goingAway("idle timeout"));
            } else {
                connection.ping();
            }
        }
    }

    private void release(String driverId) {
        perDriver.computeIfPresent(driverId, (driver, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    private static AtomicInteger incremented(AtomicInteger count) {
        count.incrementAndGet();
        return count;
    }

    @Override
    public void start() {
        long period = properties.pingInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::keepAlive, period, period, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        closing = true;
        List<DriverConnection> connections = new ArrayList<>(byId.values());
        CompletableFuture<?>[] drained = connections.stream().map(DriverConnection::drain)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(drained).get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Stream connections still had unanswered frames after {} ms; closing them anyway",
                    drainTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("Draining stream connections failed", e);
        }
        for (DriverConnection connection : connections) {
            metrics.closed("shutdown");
            connection.close(SHUTDOWN);
        }
        if (!connections.isEmpty()) {
            log.info("Closed {} stream connections for shutdown", connections.size());
        }
        scheduler.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown and before the Kafka producer goes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
