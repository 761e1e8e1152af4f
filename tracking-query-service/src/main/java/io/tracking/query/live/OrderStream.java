package io.tracking.query.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.order.Order;
import io.tracking.query.order.OrderStatus;
import io.tracking.query.system.Caller;
import io.tracking.query.trip.TripEventView;

/**
 * One open {@code /tracking/stream}: a bounded queue of events drained into an {@link EventSink} by one sender
 * thread at a time, so that neither the reader thread nor a sender ever waits for a client.
 *
 * <p>Invariants:
 * <ul>
 * <li>{@code location} events go out in strictly increasing {@code recordedAt}; a position not newer than the last
 * one sent (an out-of-order ping, or one both replayed and received live) is skipped.</li>
 * <li>Only positions of the order's current driver go out, and only those it recorded at or after its assignment
 * to the order; the one exception is the {@code current} position a fresh stream starts with (where the driver is
 * now). The check is made when an event is written, so a reassignment also holds back what was queued before.</li>
 * <li>A sender writes only while the sink is ready and never waits: when the client stops taking data, the stream
 * waits for the sink's {@link #writable()} call, and a client that lets {@code capacity} events queue up meanwhile
 * is dropped (it resumes with {@code Last-Event-ID}).</li>
 * <li>{@code trip} events go out at most once per {@code eventId}: the stored ones a stream starts with may also
 * arrive live.</li>
 * <li>After the final {@code order-status} event the stream completes; {@link Context#closed} is called exactly
 * once, however the stream ends.</li>
 * </ul>
 */
final class OrderStream implements LiveSubscriber {

    /** The driver a stream follows, and since when it is the order's driver. */
    record Assignment(String driverId, Instant since) {

        static Assignment of(Order order) {
            return new Assignment(order.driverId(), order.driverAssignedAt());
        }
    }

    private sealed interface Outgoing permits Position, StatusEvent, TripItem, Signal {
    }

    /**
     * @param receivedAt when ingest accepted it, for positions pushed live; null for replayed ones
     * @param current where the driver is now, sent at the start of a fresh stream even if recorded before the
     *        assignment
     */
    private record Position(DriverLocation location, @Nullable Instant receivedAt, boolean current)
            implements Outgoing {
    }

    private record StatusEvent(OrderStatus status, boolean last) implements Outgoing {
    }

    private record TripItem(TripEventView event) implements Outgoing {
    }

    private enum Signal implements Outgoing {
        HEARTBEAT,
        /** Completes after what is queued. */
        CLOSE,
        /** Completes at once, without writing: the client does not read. */
        DROP
    }

    /** What a stream needs from its surroundings. */
    interface Context {

        String toJson(Object payload);

        /** Called once when the stream is over, however it ended. */
        void closed(OrderStream stream);

        void sent(@Nullable Instant receivedAt);

        /** The client let {@code queued} events pile up: the stream is being dropped. */
        void dropped(OrderStream stream, int queued);
    }

    private final String orderId;
    private final Caller caller;
    private final Executor sender;
    private final Context context;
    private final int capacity;
    private final long reconnectMillis;

    private volatile Assignment assignment;

    // guarded by this
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private @Nullable EventSink sink;
    private @Nullable List<Position> held;
    private boolean started;
    private boolean draining;
    private boolean writeSignalled;
    private boolean closing;
    private boolean finished;
    private OrderStatus status;
    /** Replayed events still queued: they may exceed {@code capacity}, live ones may not pile up beyond it. */
    private int replayAllowance;

    // only touched by the one draining thread of the moment
    private final Set<String> sentTripEvents = new HashSet<>();
    private long lastSentId;
    private boolean greeted;
    private boolean unflushed;

    OrderStream(String orderId, Assignment assignment, OrderStatus status, Caller caller, @Nullable Long lastEventId,
            Executor sender, Context context, int capacity, long reconnectMillis) {
        this.orderId = orderId;
        this.assignment = assignment;
        this.status = status;
        this.caller = caller;
        this.lastSentId = lastEventId == null ? Long.MIN_VALUE : lastEventId;
        this.sender = sender;
        this.context = context;
        this.capacity = capacity;
        this.reconnectMillis = reconnectMillis;
    }

    String orderId() {
        return orderId;
    }

    Assignment assignment() {
        return assignment;
    }

    Caller caller() {
        return caller;
    }

    @Override
    public void onLocation(LocationUpdate update) {
        enqueue(new Position(location(update), update.receivedAt(), false));
    }

    /** Queues a trip event of the order as it happens; one already sent on this stream is not sent again. */
    void trip(TripEventView event) {
        enqueue(new TripItem(event));
    }

    /** Queues a stored or ring position (not pushed live: no latency to measure). */
    void replayed(DriverLocation location) {
        enqueue(new Position(location, null, false));
    }

    /**
     * Starts writing to {@code target}: the current status, then the order's stored trip events {@code trips}, then
     * {@code replay} (oldest first), then {@code current} if any (the driver's newest known fix), then whatever
     * arrived live meanwhile.
     */
    synchronized void start(EventSink target, List<TripEventView> trips, List<DriverLocation> replay,
            @Nullable DriverLocation current) {
        sink = target;
        started = true;
        if (!closing) {
            ArrayDeque<Outgoing> live = new ArrayDeque<>(queue);
            queue.clear();
            queue.add(new StatusEvent(status, false));
            for (TripEventView trip : trips) {
                queue.add(new TripItem(trip));
            }
            for (DriverLocation location : replay) {
                queue.add(new Position(location, null, false));
            }
            if (current != null) {
                queue.add(new Position(current, null, true));
            }
            replayAllowance = queue.size();
            queue.addAll(live);
        }
        schedule();
    }

    /**
     * Follows {@code next} from now on. When the driver changed, live positions are held back until
     * {@link #caughtUp} brings what the new driver recorded before this stream subscribed to it, so that both go out
     * in order.
     */
    synchronized void assign(Assignment next, boolean newDriver) {
        assignment = next;
        if (newDriver && held == null) {
            held = new ArrayList<>();
        }
    }

    /** Queues {@code missed} and the live positions held since {@link #assign}, oldest first. */
    synchronized void caughtUp(List<DriverLocation> missed) {
        List<Position> live = held;
        held = null;
        TreeMap<Long, Position> byTime = new TreeMap<>();
        for (DriverLocation location : missed) {
            byTime.put(EventIds.of(location.recordedAt()), new Position(location, null, false));
        }
        if (live != null) {
            for (Position position : live) {
                byTime.put(EventIds.of(position.location().recordedAt()), position);
            }
        }
        replayAllowance += missed.size();
        byTime.values().forEach(this::enqueue);
    }

    /** Announces a new non-final status; ignored if unchanged. */
    synchronized void status(OrderStatus current) {
        if (current != status && !closing) {
            status = current;
            enqueue(new StatusEvent(current, false));
        }
    }

    /** Sends the final status, then completes. */
    synchronized void finish(OrderStatus finalStatus) {
        if (closing) {
            return;
        }
        closing = true;
        status = finalStatus;
        queue.add(new StatusEvent(finalStatus, true));
        schedule();
    }

    /** Completes after what is queued, without a final event (access revoked, order gone). */
    synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(Signal.CLOSE);
        schedule();
    }

    void heartbeat() {
        enqueue(Signal.HEARTBEAT);
    }

    /** The sink can take data again (the client read some); called by the container. */
    synchronized void writable() {
        if (draining) {
            // the drainer may just have seen "not ready": it must look again rather than stop
            writeSignalled = true;
        } else {
            schedule();
        }
    }

    private synchronized void enqueue(Outgoing item) {
        if (closing) {
            return;
        }
        if (held != null && item instanceof Position position) {
            if (held.size() < capacity) {
                held.add(position);
                return;
            }
        } else if (queue.size() < capacity + replayAllowance) {
            queue.add(item);
            schedule();
            return;
        }
        // the client does not keep up: drop it without writing, it resumes from its Last-Event-ID
        int queued = queue.size() + (held == null ? 0 : held.size());
        closing = true;
        held = null;
        queue.clear();
        queue.add(Signal.DROP);
        context.dropped(this, queued);
        schedule();
    }

    private void schedule() {
        if (started && !draining && !finished) {
            draining = true;
            try {
                sender.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // shutting down; the registry completes every stream itself
                draining = false;
            }
        }
    }

    /**
     * Writes queued events while the sink is ready, and returns as soon as it is not (the sink calls
     * {@link #writable()} later) or nothing is left; never blocks.
     */
    private void drain() {
        EventSink out;
        synchronized (this) {
            out = sink;
        }
        if (out == null) {
            synchronized (this) {
                draining = false;
            }
            return;
        }
        try {
            while (true) {
                Outgoing item;
                synchronized (this) {
                    item = queue.peek();
                    if (finished || (item == null && !unflushed)) {
                        draining = false;
                        return;
                    }
                }
                if (item == Signal.DROP) {
                    terminate();
                    return;
                }
                if (!out.isReady()) {
                    synchronized (this) {
                        if (!writeSignalled) {
                            draining = false;
                            return;
                        }
                        writeSignalled = false;
                    }
                    continue;
                }
                if (item == null) {
                    out.flush();
                    unflushed = false;
                    continue;
                }
                synchronized (this) {
                    queue.poll();
                    if (replayAllowance > 0) {
                        replayAllowance--;
                    }
                }
                byte[] bytes = render(item);
                if (bytes != null) {
                    out.write(bytes);
                    unflushed = true;
                    if (item instanceof Position position) {
                        context.sent(position.receivedAt());
                    }
                }
                if (item == Signal.CLOSE || (item instanceof StatusEvent event && event.last())) {
                    // the container flushes what is written before it completes the response
                    terminate();
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing more to send
            terminate();
        }
    }

    /** The SSE text of {@code item}; null when it is not to be sent. */
    private byte @Nullable [] render(Outgoing item) {
        if (item instanceof Position position) {
            DriverLocation location = position.location();
            Assignment following = assignment;
            if (!location.driverId().equals(following.driverId())
                    || (!position.current() && location.recordedAt().isBefore(following.since()))) {
                return null;
            }
            long id = EventIds.of(location.recordedAt());
            if (id <= lastSentId) {
                return null;
            }
            lastSentId = id;
            return utf8("id:" + id + "\nevent:location\ndata:" + context.toJson(LivePosition.of(location)) + "\n\n");
        }
        if (item instanceof StatusEvent event) {
            String retry = "";
            if (!greeted) {
                retry = "retry:" + reconnectMillis + "\n";
                greeted = true;
            }
            return utf8(retry + "event:order-status\ndata:"
                    + context.toJson(new StatusPayload(orderId, event.status())) + "\n\n");
        }
        if (item instanceof TripItem trip) {
            // no id: ids resume positions; a trip event is told apart by its eventId
            return sentTripEvents.add(trip.event().eventId())
                    ? utf8("event:trip\ndata:" + context.toJson(trip.event()) + "\n\n")
                    : null;
        }
        if (item == Signal.HEARTBEAT) {
            return utf8(":heartbeat\n\n");
        }
        return null;
    }

    /** Completes the response and unregisters; safe to call more than once, from any thread. */
    void terminate() {
        EventSink out;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            closing = true;
            held = null;
            queue.clear();
            out = sink;
        }
        if (out != null) {
            out.complete();
        }
        context.closed(this);
    }

    static DriverLocation location(LocationUpdate update) {
        return new DriverLocation(update.driverId(), update.latitude(), update.longitude(), update.recordedAt(),
                update.accuracyMeters(), update.speedMps(), update.headingDegrees());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
