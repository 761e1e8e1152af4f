package io.tracking.query.live;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.order.OrderStatus;
import io.tracking.query.system.Caller;

/**
 * One open {@code /tracking/stream}: a bounded queue of events drained by one sender at a time, so that the
 * reader thread never waits for a client.
 *
 * <p>Invariants: {@code location} events go out in strictly increasing {@code recordedAt}; a position not newer
 * than the last one sent (an out-of-order ping, or one both replayed and received live) is skipped. A client too
 * slow to keep the queue under its capacity is disconnected and resumes with {@code Last-Event-ID}. After the
 * final {@code order-status} event the stream completes.
 */
final class OrderStream implements LiveSubscriber {

    private sealed interface Outgoing permits Position, StatusEvent, Signal {
    }

    /** @param receivedAt when ingest accepted it, for positions pushed live; null for replayed ones */
    private record Position(DriverLocation location, @Nullable Instant receivedAt) implements Outgoing {
    }

    private record StatusEvent(OrderStatus status, boolean last) implements Outgoing {
    }

    private enum Signal implements Outgoing {
        HEARTBEAT, CLOSE
    }

    /** What a stream needs from its surroundings. */
    interface Context {

        String toJson(Object payload);

        /** Called once when the stream is over, however it ended. */
        void closed(OrderStream stream);

        void sent(@Nullable Instant receivedAt);
    }

    private final String orderId;
    private final Caller caller;
    private final SseEmitter emitter;
    private final Executor sender;
    private final Context context;
    private final int capacity;
    private final long reconnectMillis;

    private volatile String driverId;

    // guarded by this
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private boolean started;
    private boolean draining;
    private boolean closing;
    private OrderStatus status;

    // only touched by the one draining thread of the moment
    private long lastSentId;
    private boolean greeted;

    OrderStream(String orderId, String driverId, OrderStatus status, Caller caller, SseEmitter emitter,
            @Nullable Long lastEventId, Executor sender, Context context, int capacity, long reconnectMillis) {
        this.orderId = orderId;
        this.driverId = driverId;
        this.status = status;
        this.caller = caller;
        this.emitter = emitter;
        this.lastSentId = lastEventId == null ? Long.MIN_VALUE : lastEventId;
        this.sender = sender;
        this.context = context;
        this.capacity = capacity;
        this.reconnectMillis = reconnectMillis;
    }

    String orderId() {
        return orderId;
    }

    String driverId() {
        return driverId;
    }

    Caller caller() {
        return caller;
    }

    @Override
    public void onLocation(LocationUpdate update) {
        DriverLocation location = new DriverLocation(update.driverId(), update.latitude(), update.longitude(),
                update.recordedAt(), update.accuracyMeters(), update.speedMps(), update.headingDegrees());
        enqueue(new Position(location, update.receivedAt()));
    }

    /** Queues a stored position (not pushed live: no latency to measure). */
    void replayed(DriverLocation location) {
        enqueue(new Position(location, null));
    }

    /** Sends the current status, then {@code replay} (oldest first), then whatever arrived live meanwhile. */
    synchronized void start(List<DriverLocation> replay) {
        ArrayDeque<Outgoing> live = new ArrayDeque<>(queue);
        queue.clear();
        queue.add(new StatusEvent(status, false));
        for (DriverLocation location : replay) {
            queue.add(new Position(location, null));
        }
        queue.addAll(live);
        started = true;
        schedule();
    }

    /** Announces a new non-final status; ignored if unchanged. */
    synchronized void status(OrderStatus current) {
        if (current != status && !closing) {
            status = current;
            enqueue(new StatusEvent(current, false));
        }
    }

    /** Follows another driver from now on (the order was reassigned). */
    void driver(String newDriverId) {
        driverId = newDriverId;
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

    /** Completes after what is queued, without a final event (access revoked, shutdown, overload). */
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

    private synchronized void enqueue(Outgoing item) {
        if (closing) {
            return;
        }
        if (queue.size() >= capacity) {
            // the client does not keep up: drop it, it resumes from its Last-Event-ID
            closing = true;
            queue.clear();
            queue.add(Signal.CLOSE);
        } else {
            queue.add(item);
        }
        schedule();
    }

    private void schedule() {
        if (started && !draining && !queue.isEmpty()) {
            draining = true;
            try {
                sender.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // shutting down; the registry completes every stream itself
                draining = false;
                queue.clear();
                closing = true;
            }
        }
    }

    private void drain() {
        while (true) {
            Outgoing item;
            synchronized (this) {
                item = queue.poll();
                if (item == null) {
                    draining = false;
                    return;
                }
            }
            try {
                if (!send(item)) {
                    synchronized (this) {
                        draining = false;
                        queue.clear();
                        closing = true;
                    }
                    terminate();
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // the client went away: nothing more to send
                synchronized (this) {
                    draining = false;
                    queue.clear();
                    closing = true;
                }
                terminate();
                return;
            }
        }
    }

    /** Sends one item; false when the stream is over after it. */
    private boolean send(Outgoing item) throws IOException {
        if (item instanceof Position position) {
            long id = EventIds.of(position.location().recordedAt());
            if (id <= lastSentId) {
                return true;
            }
            emitter.send(SseEmitter.event().id(Long.toString(id)).name("location")
                    .data(context.toJson(LivePosition.of(position.location()))));
            lastSentId = id;
            context.sent(position.receivedAt());
            return true;
        }
        if (item instanceof StatusEvent event) {
            SseEmitter.SseEventBuilder builder = SseEmitter.event().name("order-status")
                    .data(context.toJson(new StatusPayload(orderId, event.status())));
            if (!greeted) {
                builder.reconnectTime(reconnectMillis);
                greeted = true;
            }
            emitter.send(builder);
            return !event.last();
        }
        if (item == Signal.HEARTBEAT) {
            emitter.send(SseEmitter.event().comment("heartbeat"));
            return true;
        }
        return false;
    }

    /** Completes the response and unregisters; safe to call more than once. */
    void terminate() {
        try {
            emitter.complete();
        } catch (RuntimeException e) {
            // already completed or the connection is gone
        }
        context.closed(this);
    }
}
