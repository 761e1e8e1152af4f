package io.tracking.ingest.stream;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tracking.contract.ProblemTypes;
import io.tracking.ingest.ping.PingIntake;
import io.tracking.ingest.ping.PingIntake.Answer;
import tools.jackson.databind.json.JsonMapper;

/**
 * One driver's open connection: reads its frames, hands them to the {@link PingIntake} and writes the answers.
 *
 * <p>Back-pressure invariant: at most {@code maxUnacknowledged} frames of this connection are read and not yet
 * answered (an answer counts once the server has written it to the socket). When a frame brings the count to the
 * bound, reading the connection is suspended ({@link StreamChannel#suspendReading()}: no further frame is taken from
 * the socket, so TCP flow control holds the client back; nothing is buffered here), and it is resumed when an answer
 * went out. A client that floods and never reads its answers thus ends with {@code maxUnacknowledged} answers
 * waiting in the socket and nothing more in the heap, and is closed by the idle timeout.
 *
 * <p>Threads: frames arrive on the transport's threads (Tomcat's workers, or the Netty server's event loop); answers
 * are produced on the Kafka producer's callback thread (or the publish deadline's timer, or the transport's thread for
 * answers that need no Kafka) and written with the transport's asynchronous send, one at a time in the order they
 * were produced (answers may thus leave in another order than their frames came: clients match them by {@code seq}).
 * No thread waits for Kafka or for the client.
 */
final class DriverConnection {

    private static final Logger log = LoggerFactory.getLogger(DriverConnection.class);

    private final StreamChannel channel;
    private final String driverId;
    private final int maxUnacknowledged;
    private final PingIntake intake;
    private final JsonMapper mapper;
    private final StreamMetrics metrics;

    private final Object lock = new Object();
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private boolean sending;
    private int unacknowledged;
    private int mostUnacknowledged;
    private boolean suspended;
    private boolean draining;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile long lastHeardNanos = System.nanoTime();

    DriverConnection(StreamChannel channel, String driverId, int maxUnacknowledged, PingIntake intake,
            JsonMapper mapper, StreamMetrics metrics) {
        this.channel = channel;
        this.driverId = driverId;
        this.maxUnacknowledged = maxUnacknowledged;
        this.intake = intake;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    String driverId() {
        return driverId;
    }

    String id() {
        return channel.id();
    }

    /** A text frame arrived (on the transport's thread). */
    void received(byte[] frame) {
        lastHeardNanos = System.nanoTime();
        synchronized (lock) {
            unacknowledged++;
            mostUnacknowledged = Math.max(mostUnacknowledged, unacknowledged);
            if (unacknowledged >= maxUnacknowledged && !suspended) {
                suspended = true;
                metrics.suspended();
                channel.suspendReading();
            }
        }
        CompletableFuture<Answer> answer;
        try {
            answer = intake.submit(frame, driverId);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete(this::answer);
    }

    /** A pong (answer to the server's ping) arrived. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** The most frames this connection ever had read and unanswered at once (for tests and diagnostics). */
    int mostUnacknowledged() {
        synchronized (lock) {
            return mostUnacknowledged;
        }
    }

    int unacknowledged() {
        synchronized (lock) {
            return unacknowledged;
        }
    }

    boolean readingSuspended() {
        synchronized (lock) {
            return suspended;
        }
    }

    /**
     * Stops reading for good (shutdown): frames not yet read stay unanswered and the app sends them again after it
     * reconnected. The returned future completes once every frame read so far was answered.
     */
    CompletableFuture<Void> drain() {
        synchronized (lock) {
            draining = true;
            if (!suspended) {
                suspended = true;
                channel.suspendReading();
            }
            if (unacknowledged == 0) {
                drained.complete(null);
            }
        }
        return drained;
    }

    /** Sends a keep-alive ping unless an answer is being written (which shows the connection alive anyway). */
    void ping() {
        synchronized (lock) {
            if (sending || !channel.isOpen()) {
                return;
            }
        }
        channel.ping();
    }

    void close(StreamClose close) {
        channel.close(close);
    }

    private void answer(@Nullable Answer answer, @Nullable Throwable failure) {
        int status;
        String text;
        if (answer != null) {
            status = answer.status();
            text = write(answer.seq(), status, answer.body());
        } else {
            // a fault here, not the client's: answer it anyway so the bound is released, without the cause
            log.error("A stream frame could not be processed", failure);
            status = 500;
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", ProblemTypes.of("internal").toString());
            problem.put("title", "Internal error");
            problem.put("detail", "The frame could not be processed. It was not accepted; send it again.");
            text = write(null, status, problem);
        }
        metrics.answered(status);
        synchronized (lock) {
            outbox.add(text);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    private String write(@Nullable Long seq, int status, Map<String, Object> body) {
        Map<String, Object> message = new LinkedHashMap<>(body.size() + 2);
        message.put("seq", seq);
        message.put("status", status);
        message.putAll(body);
        return mapper.writeValueAsString(message);
    }

    /** Writes the outbox one answer at a time; the transport calls back when each is on the socket. */
    private void sendNext() {
        String text;
        synchronized (lock) {
            text = outbox.poll();
            if (text == null) {
                sending = false;
                return;
            }
        }
        // if the connection is closing or closed, the answer is lost and the client resends that frame
        channel.sendText(text, this::sent);
    }

    private void sent(@Nullable Throwable failure) {
        synchronized (lock) {
            unacknowledged--;
            if (suspended && !draining && unacknowledged < maxUnacknowledged) {
                suspended = false;
                channel.resumeReading();
            }
            if (draining && unacknowledged == 0) {
                drained.complete(null);
            }
        }
        if (failure != null) {
            log.debug("An answer on a stream connection was not written", failure);
        }
        sendNext();
    }
}
