package io.tracking.query.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracking.contract.LocationUpdate;
import io.tracking.query.QueryProperties;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.location.LatestLocationRepository;
import io.tracking.query.order.Order;
import io.tracking.query.order.OrderAccess;
import io.tracking.query.order.OrderChanged;
import io.tracking.query.order.OrderRepository;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.Caller;
import io.tracking.query.track.TrackRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open order streams of this instance: opening them (bounded by {@code max-streams}), resuming them, keeping
 * them alive and ending them.
 *
 * <p>How a stream learns that its order changed: a PUT handled by this instance reaches its streams at once
 * (in-process event after commit); every {@code status-check-interval} all open streams' orders are also re-read
 * in one query, which is how a PUT handled by another instance arrives (within that interval) without a shared
 * bus. The re-read also applies reassignments and revoked access (a different customer on the order).
 */
@Component
class OrderStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderStreams.class);

    private final LiveLocationHub hub;
    private final OrderRepository orders;
    private final LatestLocationRepository latest;
    private final TrackRepository history;
    private final JsonMapper json;
    private final QueryProperties.Live settings;
    private final Clock clock;

    private final Set<OrderStream> open = ConcurrentHashMap.newKeySet();
    private final Semaphore permits;
    /** Created on start, shut down on stop: a paused context (tests) starts them again. */
    private volatile ExecutorService sender;
    private volatile ScheduledExecutorService timer;
    private final Counter sentLive;
    private final Counter closed;
    private final Timer pushLatency;
    private volatile boolean running;

    OrderStreams(LiveLocationHub hub, OrderRepository orders, LatestLocationRepository latest, TrackRepository history,
            JsonMapper json, QueryProperties properties, Clock clock, MeterRegistry meters) {
        this.hub = hub;
        this.orders = orders;
        this.latest = latest;
        this.history = history;
        this.json = json;
        this.settings = properties.live();
        this.clock = clock;
        this.permits = new Semaphore(settings.maxStreams());
        this.sender = newSender();
        this.timer = newTimer();
        Gauge.builder("tracking.query.live.streams", open, Set::size)
                .description("Open order streams").register(meters);
        Gauge.builder("tracking.query.live.watched.drivers", hub, LiveLocationHub::watchedDrivers)
                .description("Drivers with a live channel (watched, or recently watched)").register(meters);
        this.sentLive = Counter.builder("tracking.query.live.events").tag("kind", "location")
                .description("Location events sent on order streams").register(meters);
        this.closed = Counter.builder("tracking.query.live.streams.closed")
                .description("Order streams that ended, for whatever reason").register(meters);
        this.pushLatency = Timer.builder("tracking.query.live.push.latency")
                .description("From ingest accepting a position to its SSE event being written")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * Opens a stream of {@code order} for {@code caller}, who may track it. Without {@code lastEventId} it starts
     * with the driver's latest known position; with one, it replays the positions recorded after it (from the
     * location history and the driver's ring, at most {@code max-replay} back), then goes live.
     */
    SseEmitter open(Order order, Caller caller, @Nullable Long lastEventId) {
        if (!running || !permits.tryAcquire()) {
            throw ApiProblem.unavailable("This instance has no room for another live stream; try again shortly.", 5);
        }
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        OrderStream stream = new OrderStream(order.orderId(), order.driverId(), order.status(), caller, emitter,
                lastEventId, sender, new StreamContext(), settings.streamQueueCapacity(),
                settings.reconnectDelay().toMillis());
        open.add(stream);
        emitter.onCompletion(() -> remove(stream));
        emitter.onTimeout(stream::terminate);
        emitter.onError(error -> stream.terminate());
        try {
            List<LocationUpdate> ring = hub.subscribe(order.driverId(), stream);
            stream.start(replay(order.driverId(), lastEventId, ring));
        } catch (RuntimeException e) {
            remove(stream);
            throw e;
        }
        return emitter;
    }

    private List<DriverLocation> replay(String driverId, @Nullable Long lastEventId, List<LocationUpdate> ring) {
        TreeMap<Long, DriverLocation> byTime = new TreeMap<>();
        Instant now = clock.instant();
        long after;
        if (lastEventId == null) {
            DriverLocation newest = latest.find(driverId).orElse(null);
            if (newest != null) {
                byTime.put(EventIds.of(newest.recordedAt()), newest);
            }
            after = newest == null ? Long.MIN_VALUE : EventIds.of(newest.recordedAt());
        } else {
            after = lastEventId;
            Instant from = EventIds.toInstant(lastEventId);
            Instant oldest = now.minus(settings.maxReplay());
            // the history holds what the writer has flushed; pings can be stamped slightly ahead of our clock
            for (DriverLocation location : history.after(driverId, from.isBefore(oldest) ? oldest : from,
                    now.plus(Duration.ofMinutes(5)), settings.maxReplayPoints())) {
                byTime.put(EventIds.of(location.recordedAt()), location);
            }
        }
        // the ring holds what the writer may not have flushed yet
        for (LocationUpdate update : ring) {
            long id = EventIds.of(update.recordedAt());
            if (id > after) {
                byTime.putIfAbsent(id, new DriverLocation(update.driverId(), update.latitude(), update.longitude(),
                        update.recordedAt(), update.accuracyMeters(), update.speedMps(), update.headingDegrees()));
            }
        }
        return new ArrayList<>(byTime.values());
    }

    @TransactionalEventListener
    void onOrderChanged(OrderChanged event) {
        for (OrderStream stream : open) {
            if (stream.orderId().equals(event.order().orderId())) {
                apply(stream, event.order());
            }
        }
    }

    /** Re-reads the orders of all open streams in one query; see the class comment. */
    void checkOrders() {
        if (open.isEmpty()) {
            return;
        }
        Map<String, List<OrderStream>> byOrder = new HashMap<>();
        for (OrderStream stream : open) {
            byOrder.computeIfAbsent(stream.orderId(), id -> new ArrayList<>(1)).add(stream);
        }
        Map<String, Order> current = new HashMap<>();
        for (Order order : orders.findAll(byOrder.keySet())) {
            current.put(order.orderId(), order);
        }
        byOrder.forEach((orderId, streams) -> {
            Order order = current.get(orderId);
            for (OrderStream stream : streams) {
                if (order == null) {
                    stream.close();
                } else {
                    apply(stream, order);
                }
            }
        });
    }

    /** Serialised, as both the timer and a PUT's thread may apply changes to the same stream. */
    private synchronized void apply(OrderStream stream, Order order) {
        if (!order.status().isActive()) {
            stream.finish(order.status());
            return;
        }
        if (!OrderAccess.mayTrack(order, stream.caller())) {
            stream.close();
            return;
        }
        String previous = stream.driverId();
        if (!previous.equals(order.driverId())) {
            stream.driver(order.driverId());
            hub.unsubscribe(previous, stream);
            hub.subscribe(order.driverId(), stream);
            if (!open.contains(stream)) {
                hub.unsubscribe(order.driverId(), stream);
                return;
            }
            latest.find(order.driverId()).ifPresent(stream::replayed);
        }
        stream.status(order.status());
    }

    private void remove(OrderStream stream) {
        if (open.remove(stream)) {
            permits.release();
            hub.unsubscribe(stream.driverId(), stream);
        }
    }

    int openStreams() {
        return open.size();
    }

    private ExecutorService newSender() {
        return Executors.newFixedThreadPool(settings.senderThreads(), named("live-sender"));
    }

    private ScheduledExecutorService newTimer() {
        return Executors.newSingleThreadScheduledExecutor(named("live-timer"));
    }

    @Override
    public void start() {
        if (timer.isShutdown()) {
            timer = newTimer();
            sender = newSender();
        }
        running = true;
        schedule(this::checkOrders, settings.statusCheckInterval());
        schedule(() -> open.forEach(OrderStream::heartbeat), settings.heartbeatInterval());
        schedule(hub::sweep, Duration.ofSeconds(10));
    }

    private void schedule(Runnable task, Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Live stream housekeeping failed: {}", e.getClass().getSimpleName());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes every stream so that clients reconnect elsewhere, before the web server drains requests. */
    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        int count = open.size();
        for (OrderStream stream : List.copyOf(open)) {
            stream.terminate();
        }
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Closed {} live streams", count);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the web server's graceful shutdown, so streams end before it waits for open requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private final class StreamContext implements OrderStream.Context {

        @Override
        public String toJson(Object payload) {
            return json.writeValueAsString(payload);
        }

        @Override
        public void closed(OrderStream stream) {
            if (open.contains(stream)) {
                closed.increment();
            }
            remove(stream);
        }

        @Override
        public void sent(@Nullable Instant receivedAt) {
            if (receivedAt != null) {
                sentLive.increment();
                pushLatency.record(Duration.between(receivedAt, clock.instant()));
            }
        }
    }
}
