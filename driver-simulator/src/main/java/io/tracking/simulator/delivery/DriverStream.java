package io.tracking.simulator.delivery;

import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import io.tracking.auth.DevTokens;
import io.tracking.simulator.fleet.Ping;

/**
 * One driver's connection: its pings in flight by frame {@code seq}, and those waiting for a connection. Every ping
 * is settled exactly once: by its answer, or by its deadline (the request timeout, from when the stream took it)
 * with the last connection error.
 *
 * <p>The unanswered pings form one queue in the order they were taken, which is also the order of their deadlines
 * (all have the same timeout) and, on an open connection, of their {@code seq}s: an answer, nearly always for the
 * oldest, is found from the head, and the loop's {@link DeadlineSweep} only has to look at the head for overdue
 * pings, rather than a timer being set and cancelled per ping.
 *
 * <p>Threads: all state lives on one event loop of the {@link WsConnector}, the one its connections are registered
 * with, so it needs no lock; {@link #send} called on that loop (the ws-mode clock runs there) takes the ping at
 * once, from elsewhere it and {@link #close} hand their work to the loop.
 */
final class DriverStream {

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** A ping not yet answered; {@code seq} is its frame on the current connection, -1 while it waits for one. */
    private static final class Pending {
        final Ping ping;
        final CompletableFuture<SendOutcome> outcome = new CompletableFuture<>();
        long seq = -1;
        long takenNanos;

        Pending(Ping ping) {
            this.ping = ping;
        }
    }

    private final WsPingSender owner;
    private final String driverId;
    private final EventLoop loop;
    /** Unanswered pings in the order they were taken: sent again in that order after a reconnect. */
    private final ArrayDeque<Pending> unanswered = new ArrayDeque<>();
    private final DeadlineSweep deadlines;
    /** Whether {@link #deadlines} looks at this stream: from when a ping is taken until it finds none unanswered. */
    private boolean watched;
    /** The connection being opened or open; null between connections. */
    private @Nullable Channel channel;
    private boolean open;
    private boolean reconnectScheduled;
    private boolean everConnected;
    private boolean closed;
    private long nextSeq;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private String lastError = "TimeoutException";
    /** Callers of {@link #open} waiting for the connection being opened: true once it is open, false if it failed. */
    private final List<CompletableFuture<Boolean>> opening = new ArrayList<>(1);

    DriverStream(WsPingSender owner, String driverId, EventLoop loop, DeadlineSweep deadlines) {
        this.owner = owner;
        this.driverId = driverId;
        this.loop = loop;
        this.deadlines = deadlines;
    }

    /** The event loop this stream's state, connections and timers live on. */
    EventLoop loop() {
        return loop;
    }

    /** Takes {@code ping} on the stream's loop (at once when called there); the future completes on the loop. */
    CompletableFuture<SendOutcome> send(Ping ping) {
        Pending pending = new Pending(ping);
        if (loop.inEventLoop()) {
            take(pending);
            return pending.outcome;
        }
        try {
            loop.execute(() -> take(pending));
        } catch (RejectedExecutionException e) {
            pending.outcome.complete(SendOutcome.failed(1, "closed"));
        }
        return pending.outcome;
    }

    private void take(Pending pending) {
        if (closed) {
            pending.outcome.complete(SendOutcome.failed(1, "closed"));
            return;
        }
        pending.takenNanos = System.nanoTime();
        unanswered.addLast(pending);
        if (!watched) {
            watched = true;
            deadlines.watch(this);
        }
        Channel current = channel;
        if (open && current != null) {
            transmit(current, pending);
            current.flush();
        } else {
            connect();
        }
    }

    /**
     * Opens the driver's connection before its first ping (a fleet connected before a run is timed): true once it is
     * open, false if that attempt failed or timed out (the next ping tries again, as without this call).
     */
    CompletableFuture<Boolean> open() {
        CompletableFuture<Boolean> opened = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                if (open) {
                    opened.complete(true);
                } else if (closed) {
                    opened.complete(false);
                } else {
                    opening.add(opened);
                    connect();
                }
            });
        } catch (RejectedExecutionException e) {
            opened.complete(false);
        }
        return opened;
    }

    /** Opens a connection with a fresh token, unless one is open or being opened, or a reconnect is waiting. */
    private void connect() {
        if (channel != null || reconnectScheduled || closed) {
            return;
        }
        String token = DevTokens.mint(owner.secret(), driverId, List.of("driver"), owner.tokenTtl());
        ChannelFuture connecting = owner.connector().connect(loop, token, this);
        Channel attempt = connecting.channel();
        channel = attempt;
        connecting.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                lost(attempt, errorKind(future.cause()));
            }
        });
        // the TCP connect has its own timeout; this one also covers an upgrade request left unanswered
        loop.schedule(() -> {
            if (channel == attempt && !open) {
                lost(attempt, "ws-handshake-timeout");
                attempt.close();
            }
        }, owner.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The upgrade succeeded: every unanswered ping goes out on the new connection, in order. */
    void opened(Channel upgraded) {
        if (upgraded != channel) {
            upgraded.close();
            return;
        }
        open = true;
        backoffMillis = FIRST_BACKOFF_MILLIS;
        int resent = 0;
        for (Pending pending : unanswered) {
            if (everConnected) {
                resent++;
            }
            transmit(upgraded, pending);
        }
        upgraded.flush();
        owner.connected(everConnected, resent);
        everConnected = true;
        settleOpening(true);
    }

    private void settleOpening(boolean opened) {
        for (CompletableFuture<Boolean> waiting : opening) {
            waiting.complete(opened);
        }
        opening.clear();
    }

    /** Writes {@code pending} as the next frame, {@code {"seq":n,...the ping's fields}}; the caller flushes. */
    private void transmit(Channel connection, Pending pending) {
        long seq = ++nextSeq;
        pending.seq = seq;
        connection.write(new TextWebSocketFrame(owner.frames().ping(connection.alloc(), seq, pending.ping)));
    }

    /** An answer {@code {"seq":n,"status":s,...}}: 202 accepted, 400 rejected, anything else a failure. */
    void answered(ByteBuf text) {
        StreamFrames.Answer answer = owner.frames().answer(text);
        // anything else is no answer; the ping it might have been meant for runs into its deadline
        Pending pending = answer == null ? null : inFlight(answer.seq());
        if (pending == null) {
            return;
        }
        List<Ping> pings = List.of(pending.ping);
        settle(pending, switch (answer.status()) {
            case 202 -> SendOutcome.allAccepted(pings);
            case 400 -> SendOutcome.allRejected(pings);
            default -> SendOutcome.failed(1, "ws-" + answer.status());
        });
    }

    /** The ping sent as frame {@code seq} on the current connection, if it is still unanswered. */
    private @Nullable Pending inFlight(long seq) {
        if (seq < 0) {
            return null;
        }
        for (Pending pending : unanswered) {
            if (pending.seq == seq) {
                return pending;
            }
        }
        return null;
    }

    /**
     * The connection {@code gone} failed to open or was lost (the first report counts, later ones about the same
     * connection are ignored): what it did not answer waits for the next one, opened after a back-off.
     */
    void lost(Channel gone, String error) {
        if (gone != channel) {
            return;
        }
        channel = null;
        open = false;
        lastError = error;
        settleOpening(false);
        for (Pending pending : unanswered) {
            pending.seq = -1;
        }
        if (!unanswered.isEmpty()) {
            reconnectLater();
        }
    }

    private void reconnectLater() {
        if (closed) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        reconnectScheduled = true;
        loop.schedule(() -> {
            reconnectScheduled = false;
            if (!unanswered.isEmpty() || !opening.isEmpty()) {
                connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Fails the pings whose deadline passed by {@code now}.
     *
     * @return whether pings are still unanswered, so that the sweep keeps looking at this stream
     */
    boolean expireOverdue(long now) {
        long timeoutNanos = owner.timeout().toNanos();
        Pending oldest;
        while ((oldest = unanswered.peekFirst()) != null && now - oldest.takenNanos >= timeoutNanos) {
            settle(oldest, SendOutcome.failed(1, open ? "TimeoutException" : lastError));
        }
        watched = oldest != null;
        return watched;
    }

    private void settle(Pending pending, SendOutcome outcome) {
        // nearly always the head: answers come in order
        if (!unanswered.removeFirstOccurrence(pending)) {
            return;
        }
        pending.outcome.complete(outcome);
    }

    /**
     * Ends the stream on its loop: the open connection gets a normal close, every unanswered ping fails as
     * {@code unfinished}. Returns at once; the work is queued before the loop stops (see {@link WsConnector}).
     */
    void close() {
        try {
            loop.execute(this::closeNow);
        } catch (RejectedExecutionException e) {
            // the loop is already gone, with every connection on it
        }
    }

    private void closeNow() {
        closed = true;
        Channel current = channel;
        channel = null;
        if (current != null) {
            if (open) {
                current.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE,
                        "simulation over")).addListener(ChannelFutureListener.CLOSE);
            } else {
                current.close();
            }
        }
        open = false;
        settleOpening(false);
        for (Pending pending : new ArrayList<>(unanswered)) {
            settle(pending, SendOutcome.failed(1, "unfinished"));
        }
    }

    /** A short name of what went wrong, as the other modes name it ({@code ConnectException}, ...). */
    static String errorKind(Throwable error) {
        if (error instanceof ConnectTimeoutException) {
            return "ConnectTimeoutException";
        }
        // Netty's subclasses of ConnectException only add the address to the message
        return error instanceof ConnectException ? "ConnectException" : SendOutcome.errorKind(error);
    }
}
