package io.tracking.ingest.stream;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A driver app's connection to the stream, with the JDK's WebSocket client on a thread pool of its own. It reads
 * answers only when asked to ({@link #readAnswers}), so a test can flood without reading.
 */
final class StreamClient implements AutoCloseable {

    record Closed(int code, String reason) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "stream-test-client");
        thread.setDaemon(true);
        return thread;
    });
    private final List<JsonNode> answers = new ArrayList<>();
    private final AtomicInteger pongs = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private CompletableFuture<WebSocket> lastSend;

    private StreamClient(URI uri, String token, boolean reading) {
        HttpClient http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
        socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener(reading))
                .orTimeout(20, TimeUnit.SECONDS)
                .join();
        lastSend = CompletableFuture.completedFuture(socket);
    }

    /** Connects with {@code token}; reads answers at once unless {@code reading} is false. */
    static StreamClient connect(int port, String token, boolean reading) {
        return new StreamClient(URI.create("ws://localhost:" + port + StreamConfiguration.PATH), token, reading);
    }

    static StreamClient connect(int port, String token) {
        return connect(port, token, true);
    }

    /** Queues {@code frame} behind the frames sent before; does not wait for it to be written. */
    synchronized CompletableFuture<WebSocket> send(String frame) {
        lastSend = lastSend.thenCompose(ws -> ws.sendText(frame, true));
        return lastSend;
    }

    /** Sends {@code frame} and waits until it was written. */
    void sendNow(String frame) {
        send(frame).orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** Starts (or resumes) reading answers. */
    void readAnswers() {
        socket.request(Long.MAX_VALUE);
    }

    void sendPing() {
        socket.sendPing(ByteBuffer.allocate(0)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    int pongs() {
        return pongs.get();
    }

    /** Pings the server sent (the JDK client answers each with a pong by itself). */
    int pings() {
        return pings.get();
    }

    /** The answer to frame {@code seq}, waiting for it at most {@code timeout}. */
    JsonNode awaitAnswer(long seq, Duration timeout) {
        await().atMost(timeout).until(() -> answer(seq) != null);
        return answer(seq);
    }

    JsonNode awaitAnswer(long seq) {
        return awaitAnswer(seq, Duration.ofSeconds(30));
    }

    synchronized @Nullable JsonNode answer(long seq) {
        return answers.stream().filter(a -> a.get("seq").isNumber() && a.get("seq").asLong() == seq)
                .findFirst().orElse(null);
    }

    synchronized List<JsonNode> answers() {
        return List.copyOf(answers);
    }

    /** How the server closed the connection, waiting for it at most {@code timeout}. */
    Closed awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone() || socket.isInputClosed();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> socket);
        }
        socket.abort();
        executor.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {

        private final boolean reading;
        private final StringBuilder partial = new StringBuilder();

        Listener(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(Long.MAX_VALUE);
            }
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode answer = JSON.readTree(partial.toString());
                partial.setLength(0);
                synchronized (StreamClient.this) {
                    answers.add(answer);
                }
            }
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.incrementAndGet();
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }
    }
}
