package io.tracking.query.live;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.trip.TripEvent;
import io.tracking.query.QueryProperties;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.location.LatestLocations;
import io.tracking.query.order.Order;
import io.tracking.query.order.OrderAccess;
import io.tracking.query.order.OrderChanged;
import io.tracking.query.order.OrderRepository;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.Caller;
import io.tracking.query.track.TrackRepository;
import io.tracking.query.trip.TripEventListener;
import io.tracking.query.trip.TripEventView;
import io.tracking.query.trip.TripRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open order streams of this instance: opening them (bounded per caller, per order and in all, see
 * {@link StreamSlots}), resuming them, keeping them alive and ending them.
 *
 * <p>How a stream learns that its order changed: a PUT handled by this instance reaches its streams at once
 * (in-process event after commit, before the PUT is answered); every {@code status-check-interval} all open
 * streams' orders are also re-read in one query, which is how a PUT handled by another instance arrives (within
 * that interval) without a shared bus. The re-read also applies reassignments and revoked access (a different
 * customer on the order).
 *
 * <p>What a stream shows of the past: never a position its driver recorded before being assigned to the order
 * ({@link Order#driverAssignedAt()}), from the history or the ring, with or without {@code Last-Event-ID}, nor
 * after a reassignment. The one exception is the single current position a fresh stream (no {@code Last-Event-ID})
 * starts with: where the driver is now, as {@code GET .../tracking} shows it.
 */
@Component
class OrderStreams implements SmartLifecycle, TripEventListener {

    private static final Logger log = LoggerFactory.getLogger(OrderStreams.class);
    /** Pings can be stamped slightly ahead of our clock. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final LiveLocationHub hub;
    private final OrderRepository orders;
    private final LatestLocations latest;
    private final TrackRepository history;
    private final TripRepository trips;
    private final int maxTripEvents;
    private final JsonMapper json;
    private final QueryProperties.Live settings;
    private final Clock clock;
    private final StreamSlots slots;

    /** Every open stream, with the slot it gives back when it ends. */
    private final Map<OrderStream, StreamSlots.Slot> open = new ConcurrentHashMap<>();
    /** Created on start, shut down on stop: a paused context (tests) starts them again. */
    private volatile ExecutorService sender;
    private volatile ScheduledExecutorService timer;
    private final Counter sentLive;
    private final Counter closed;
    private final Counter dropped;
    private final Timer pushLatency;
    private volatile boolean running;

    OrderStreams(LiveLocationHub hub, OrderRepository orders, LatestLocations latest, TrackRepository history,
            TripRepository trips, JsonMapper json, QueryProperties properties, Clock clock, MeterRegistry meters) {
        this.hub = hub;
        this.orders = orders;
        this.latest = latest;
        this.history = history;
        this.trips = trips;
        this.maxTripEvents = properties.trips().maxEvents();
        this.json = json;
        this.settings = properties.live();
        this.clock = clock;
        this.slots = new StreamSlots(settings.maxStreams(), settings.maxStreamsPerCaller(),
                settings.maxStreamsPerOrder(), meters);
        this.sender = newSender();
        this.timer = newTimer();
        Gauge.builder("tracking.query.live.streams", open, Map::size)
                .description("Open order streams").register(meters);
        Gauge.builder("tracking.query.live.watched.drivers", hub, LiveLocationHub::watchedDrivers)
                .description("Drivers with a live channel (watched, or recently watched)").register(meters);
        this.sentLive = Counter.builder("tracking.query.live.events").tag("kind", "location")
                .description("Location events sent on order streams").register(meters);
        this.closed = Counter.builder("tracking.query.live.streams.closed")
                .description("Order streams that ended, for whatever reason").register(meters);
        this.dropped = Counter.builder("tracking.query.live.streams.dropped")
                .description("Order streams dropped because their client did not read what was sent").register(meters);
        this.pushLatency = Timer.builder("tracking.query.live.push.latency")
                .description("From ingest accepting a position to its SSE event being written")
                .publishPercentileHistogram().register(meters);
    }

    /** Turns the request into the stream's response (and nothing else); see {@link ServletEventSink}. */
    @FunctionalInterface
    interface Responder {

        EventSink respond(OrderStream stream, Duration timeout) throws IOException;
    }

    /**
     * Opens a stream of {@code order} for {@code caller}, who may track it, as the response that
     * {@code responder} starts. Without {@code lastEventId} it starts with the driver's current position; with one, it
     * replays the positions recorded after it (from the location history and the driver's ring, at most
     * {@code max-replay} back and never before the driver's assignment), then goes live.
     *
     * @throws ApiProblem 429 when the caller or the order has as many streams open as allowed, 503 when the
     *         instance is full or stopping; thrown before anything is written, so the error is an ordinary response
     */
    void open(Order order, Caller caller, @Nullable Long lastEventId, Responder responder) {
        if (!running) {
            throw ApiProblem.unavailable("This instance has no room for another live stream; try again shortly.",
                    StreamSlots.RETRY_AFTER_SECONDS);
        }
        StreamSlots.Slot slot = slots.take(caller.subject(), order.orderId());
        OrderStream stream = new OrderStream(order.orderId(), OrderStream.Assignment.of(order), order.status(),
                caller, lastEventId, sender, new StreamContext(), settings.streamQueueCapacity(),
                settings.reconnectDelay().toMillis());
        open.put(stream, slot);
        Replay replay;
        List<TripEventView> stored;
        try {
            List<LocationUpdate> ring = hub.subscribe(order.driverId(), stream);
            replay = replay(order, lastEventId, ring);
            // read after the stream is registered: an event stored later reaches it live (the feed reads the topic)
            stored = trips.events(order.orderId(), maxTripEvents).stream().map(TripEventView::of).toList();
        } catch (RuntimeException e) {
            remove(stream);
            throw e;
        }
        // from here on the response is asynchronous: failures end the stream rather than answer an error
        try {
            stream.start(responder.respond(stream, settings.streamTimeout()), stored, replay.positions(),
                    replay.current());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not start a live stream: {}", e.getClass().getSimpleName());
            stream.terminate();
        }
    }

    /**
     * What a stream starts with.
     *
     * @param positions positions recorded at or after the assignment, oldest first
     * @param current where the driver is now (a fresh stream only), whenever it was recorded
     */
    private record Replay(List<DriverLocation> positions, @Nullable DriverLocation current) {
    }

    private Replay replay(Order order, @Nullable Long lastEventId, List<LocationUpdate> ring) {
        String driverId = order.driverId();
        Instant since = order.driverAssignedAt();
        TreeMap<Long, DriverLocation> byTime = new TreeMap<>();
        if (lastEventId == null) {
            DriverLocation stored = latest.find(driverId).orElse(null);
            long after = stored == null ? Long.MIN_VALUE : EventIds.of(stored.recordedAt());
            if (stored != null) {
                byTime.put(after, stored);
            }
            // the ring holds what the writer may not have stored yet
            for (LocationUpdate update : ring) {
                long id = EventIds.of(update.recordedAt());
                if (id > after) {
                    byTime.putIfAbsent(id, OrderStream.location(update));
                }
            }
            if (byTime.isEmpty()) {
                return new Replay(List.of(), null);
            }
            DriverLocation current = byTime.pollLastEntry().getValue();
            return new Replay(since(since, byTime.values()), current);
        }
        Instant now = clock.instant();
        // the history's lower bound is exclusive, the assignment's inclusive (timestamptz has microseconds)
        Instant from = latest(EventIds.toInstant(lastEventId), now.minus(settings.maxReplay()),
                since.minusNanos(1_000));
        for (DriverLocation location : history.after(driverId, from, now.plus(CLOCK_SKEW),
                settings.maxReplayPoints())) {
            byTime.put(EventIds.of(location.recordedAt()), location);
        }
        for (LocationUpdate update : ring) {
            long id = EventIds.of(update.recordedAt());
            if (id > lastEventId) {
                byTime.putIfAbsent(id, OrderStream.location(update));
            }
        }
        return new Replay(since(since, byTime.values()), null);
    }

    /** Hands a trip event to the open streams of its order, as the trip feed reads it. */
    @Override
    public void onTripEvent(TripEvent event) {
        TripEventView view = null;
        for (OrderStream stream : open.keySet()) {
            if (stream.orderId().equals(event.orderId())) {
                if (view == null) {
                    view = TripEventView.of(event);
                }
                stream.trip(view);
            }
        }
    }

    @TransactionalEventListener
    void onOrderChanged(OrderChanged event) {
        for (OrderStream stream : open.keySet()) {
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
        for (OrderStream stream : open.keySet()) {
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

    /**
     * Serialised, as both the timer and a PUT's thread may apply changes to the same stream. A new assignment takes
     * effect at once for everything not yet written; a new driver's positions since the reassignment that this
     * instance read before it noticed come from the history and the ring.
     */
    private synchronized void apply(OrderStream stream, Order order) {
        if (!order.status().isActive()) {
            stream.finish(order.status());
            return;
        }
        if (!OrderAccess.mayTrack(order, stream.caller())) {
            stream.close();
            return;
        }
        OrderStream.Assignment previous = stream.assignment();
        OrderStream.Assignment next = OrderStream.Assignment.of(order);
        if (!previous.equals(next)) {
            boolean newDriver = !previous.driverId().equals(next.driverId());
            stream.assign(next, newDriver);
            if (newDriver) {
                hub.unsubscribe(previous.driverId(), stream);
                List<LocationUpdate> ring = hub.subscribe(next.driverId(), stream);
                if (!open.containsKey(stream)) {
                    hub.unsubscribe(next.driverId(), stream);
                    return;
                }
                stream.caughtUp(missed(next, ring));
            }
        }
        stream.status(order.status());
    }

    /** What {@code next}'s driver recorded since its assignment, stored or in its ring. */
    private List<DriverLocation> missed(OrderStream.Assignment next, List<LocationUpdate> ring) {
        TreeMap<Long, DriverLocation> byTime = new TreeMap<>();
        try {
            Instant now = clock.instant();
            Instant from = latest(next.since().minusNanos(1_000), now.minus(settings.maxReplay()));
            for (DriverLocation location : history.after(next.driverId(), from, now.plus(CLOCK_SKEW),
                    settings.maxReplayPoints())) {
                byTime.put(EventIds.of(location.recordedAt()), location);
            }
        } catch (RuntimeException e) {
            // the stream goes on with the ring and live positions
            log.warn("Could not read the history of a reassigned order's driver: {}", e.getClass().getSimpleName());
        }
        for (LocationUpdate update : ring) {
            byTime.putIfAbsent(EventIds.of(update.recordedAt()), OrderStream.location(update));
        }
        return since(next.since(), byTime.values());
    }

    private void remove(OrderStream stream) {
        StreamSlots.Slot slot = open.remove(stream);
        if (slot != null) {
            slot.release();
            hub.unsubscribe(stream.assignment().driverId(), stream);
        }
    }

    int openStreams() {
        return open.size();
    }

    private static List<DriverLocation> since(Instant since, Iterable<DriverLocation> locations) {
        List<DriverLocation> kept = new ArrayList<>();
        for (DriverLocation location : locations) {
            if (!location.recordedAt().isBefore(since)) {
                kept.add(location);
            }
        }
        return kept;
    }

    private static Instant latest(Instant first, Instant... others) {
        Instant latest = first;
        for (Instant other : others) {
            if (other.isAfter(latest)) {
                latest = other;
            }
        }
        return latest;
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
        schedule(() -> open.keySet().forEach(OrderStream::heartbeat), settings.heartbeatInterval());
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
        for (OrderStream stream : List.copyOf(open.keySet())) {
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
            if (open.containsKey(stream)) {
                closed.increment();
            }
            remove(stream);
        }

        @Override
        public void sent(@Nullable Instant receivedAt) {
            if (receivedAt != null) {
                sentLive.increment();
                pushLatency.record(Elapsed.between(receivedAt, clock.instant()));
            }
        }

        @Override
        public void dropped(OrderStream stream, int queued) {
            dropped.increment();
            log.info("Dropped a live stream of order {}: its client left {} events unread", stream.orderId(), queued);
        }
    }
}
