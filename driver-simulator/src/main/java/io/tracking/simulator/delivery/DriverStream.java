package io.tracking.simulator.delivery;

import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.tracking.auth.DevTokens;
import io.tracking.simulator.fleet.Ping;

/**
 * One driver's connection: its pings in flight by frame {@code seq}, and those waiting for a connection. Every ping
 * is settled exactly once: by its answer, or by its deadline (the request timeout) with the last connection error.
 */
final class DriverStream implements WebSocket.Listener {

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** A ping not yet answered; {@code seq} is its frame on the current connection, -1 while it waits for one. */
    private static final class Pending {
        final Ping ping;
        final CompletableFuture<SendOutcome> outcome = new CompletableFuture<>();
        long seq = -1;
        @Nullable ScheduledFuture<?> deadline;

        Pending(Ping ping) {
            this.ping = ping;
        }
    }

    private final WsPingSender owner;
    private final String driverId;
    /** Unanswered pings in the order they were taken: resent in that order after a reconnect. */
    private final Map<Pending, Boolean> unanswered = new LinkedHashMap<>();
    private final Map<Long, Pending> bySeq = new HashMap<>();
    private @Nullable WebSocket socket;
    private boolean connecting;
    private boolean everConnected;
    private boolean closed;
    private long nextSeq;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private String lastError = "TimeoutException";
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private final StringBuilder partial = new StringBuilder();

    DriverStream(WsPingSender owner, String driverId) {
        this.owner = owner;
        this.driverId = driverId;
    }

    synchronized CompletableFuture<SendOutcome> send(Ping ping) {
        Pending pending = new Pending(ping);
        if (closed) {
            pending.outcome.complete(SendOutcome.failed(1, "closed"));
            return pending.outcome;
        }
        unanswered.put(pending, Boolean.TRUE);
        try {
            pending.deadline = owner.scheduler().schedule(() -> expire(pending), owner.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            settle(pending, SendOutcome.failed(1, "closed"));
            return pending.outcome;
        }
        if (socket != null) {
            transmit(socket, pending);
        } else {
            connect();
        }
        return pending.outcome;
    }

    /** Opens the connection unless it is open or being opened; called with the lock held. */
    private void connect() {
        if (connecting || socket != null || closed) {
            return;
        }
        connecting = true;
        String token = DevTokens.mint(owner.secret(), driverId, List.of("driver"), owner.tokenTtl());
        owner.http().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(owner.timeout())
                .buildAsync(owner.endpoint(), this)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        connectFailed(error);
                    }
                });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        int resend;
        synchronized (this) {
            connecting = false;
            if (closed) {
                webSocket.abort();
                return;
            }
            socket = webSocket;
            backoffMillis = FIRST_BACKOFF_MILLIS;
            sendChain = CompletableFuture.completedFuture(null);
            resend = 0;
            for (Pending pending : unanswered.keySet()) {
                if (everConnected) {
                    resend++;
                }
                transmit(webSocket, pending);
            }
            owner.connected(everConnected, resend);
            everConnected = true;
        }
        webSocket.request(Long.MAX_VALUE);
    }

    /** Sends {@code pending} as the next frame; the JDK client takes one send at a time, so sends are chained. */
    private void transmit(WebSocket webSocket, Pending pending) {
        long seq = ++nextSeq;
        pending.seq = seq;
        bySeq.put(seq, pending);
        ObjectNode frame = owner.mapper().valueToTree(pending.ping);
        ObjectNode withSeq = owner.mapper().createObjectNode().put("seq", seq);
        withSeq.setAll(frame);
        String text = withSeq.toString();
        sendChain = sendChain.handle((ignored, error) -> null)
                .thenCompose(ignored -> webSocket.sendText(text, true));
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        String text;
        synchronized (this) {
            partial.append(data);
            if (!last) {
                return null;
            }
            text = partial.toString();
            partial.setLength(0);
        }
        answered(owner.mapper().readTree(text));
        return null;
    }

    private void answered(JsonNode answer) {
        JsonNode seqNode = answer.get("seq");
        int status = answer.path("status").asInt();
        Pending pending;
        synchronized (this) {
            if (seqNode == null || !seqNode.isNumber()) {
                return;
            }
            pending = bySeq.remove(seqNode.asLong());
            if (pending == null) {
                return;
            }
        }
        List<Ping> pings = List.of(pending.ping);
        settle(pending, switch (status) {
            case 202 -> SendOutcome.allAccepted(pings);
            case 400 -> SendOutcome.allRejected(pings);
            default -> SendOutcome.failed(1, "ws-" + status);
        });
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        dropped(webSocket, "ws-close-" + statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        dropped(webSocket, SendOutcome.errorKind(error));
    }

    /** The connection is gone: what it did not answer waits for the next one, which opens after a back-off. */
    private synchronized void dropped(WebSocket webSocket, String error) {
        if (socket != webSocket) {
            return;
        }
        socket = null;
        lastError = error;
        bySeq.clear();
        for (Pending pending : unanswered.keySet()) {
            pending.seq = -1;
        }
        if (!unanswered.isEmpty()) {
            reconnectLater();
        }
    }

    private synchronized void connectFailed(Throwable error) {
        connecting = false;
        lastError = error.getCause() instanceof WebSocketHandshakeException handshake
                ? "ws-handshake-" + handshake.getResponse().statusCode() : SendOutcome.errorKind(error);
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
        try {
            owner.scheduler().schedule(() -> {
                synchronized (this) {
                    if (!unanswered.isEmpty()) {
                        connect();
                    }
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the sender is closing
        }
    }

    private void expire(Pending pending) {
        String error;
        synchronized (this) {
            error = socket != null ? "TimeoutException" : lastError;
        }
        settle(pending, SendOutcome.failed(1, error));
    }

    private void settle(Pending pending, SendOutcome outcome) {
        synchronized (this) {
            if (unanswered.remove(pending) == null) {
                return;
            }
            if (pending.seq >= 0) {
                bySeq.remove(pending.seq);
            }
            if (pending.deadline != null) {
                pending.deadline.cancel(false);
            }
        }
        pending.outcome.complete(outcome);
    }

    synchronized void close() {
        closed = true;
        WebSocket open = socket;
        socket = null;
        if (open != null) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "simulation over").whenComplete((ws, error) -> open.abort());
        }
        for (Pending pending : List.copyOf(new ArrayList<>(unanswered.keySet()))) {
            unanswered.remove(pending);
            pending.outcome.complete(SendOutcome.failed(1, "unfinished"));
        }
    }
}
