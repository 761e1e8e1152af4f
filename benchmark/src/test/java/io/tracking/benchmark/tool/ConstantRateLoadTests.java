package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

class ConstantRateLoadTests {

    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final CountDownLatch unstuck = new CountDownLatch(1);
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/ok", exchange -> answer(exchange, 200, "{\"ok\":true}"));
        server.createContext("/missing", exchange -> answer(exchange, 404, "{}"));
        server.start();
    }

    @AfterEach
    void stopServer() {
        unstuck.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        served.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.put(exchange.getRequestURI().getPath(), authorization == null ? "" : authorization);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldSendEveryRequestThatFellDueAndTimeEachFromItsDueTime() throws IOException {
        ConstantRateLoad load = new ConstantRateLoad(baseUrl(), Map.of("Authorization", "Bearer t"));

        ConstantRateLoad.Result result = load.run(request -> "/ok", 200, Duration.ofSeconds(1), 4,
                Duration.ofSeconds(5));

        assertThat(result.scheduled()).isEqualTo(200);
        assertThat(result.completed()).isEqualTo(200);
        assertThat(served).hasValue(200);
        assertThat(authorizations).containsEntry("/ok", "Bearer t");
        assertThat(result.statusErrors()).isZero();
        assertThat(result.socketErrors()).isZero();
        // 200 requests due over one second: the last falls due at 0.995 s
        assertThat(result.seconds()).isBetween(0.99, 5.0);
        assertThat(result.successPerSecond()).isBetween(40.0, 202.0);
        assertThat(result.latencyMs(50)).isPositive().isLessThanOrEqualTo(result.latencyMs(99));
        assertThat(result.latencyMs(100)).isFinite();
        assertThat(result.sendLagMs(100)).isFinite();
    }

    @Test
    void shouldCountErrorStatusesAsAnsweredButFailed() throws IOException {
        ConstantRateLoad load = new ConstantRateLoad(baseUrl(), Map.of());

        ConstantRateLoad.Result result = load.run(request -> request % 2 == 0 ? "/ok" : "/missing", 100,
                Duration.ofMillis(500), 2, Duration.ofSeconds(5));

        assertThat(result.completed()).isEqualTo(50);
        assertThat(result.statusErrors()).isEqualTo(25);
        assertThat(result.successPerSecond()).isLessThan(result.completed() / result.seconds());
    }

    @Test
    void shouldCountRequestsLeftUnansweredAsTheSlowest() throws IOException {
        server.createContext("/stuck", exchange -> {
            try {
                unstuck.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{}");
        });
        ConstantRateLoad load = new ConstantRateLoad(baseUrl(), Map.of());

        ConstantRateLoad.Result result = load.run(request -> "/stuck", 10, Duration.ofMillis(500), 1,
                Duration.ofMillis(200));

        assertThat(result.scheduled()).isEqualTo(5);
        assertThat(result.completed()).isZero();
        assertThat(result.socketErrors()).isEqualTo(5);
        assertThat(result.latencyMs(99)).isInfinite();
    }

    @Test
    void shouldReadContentLengthAndChunkedBodiesAcrossReads() throws IOException {
        ConstantRateLoad.ResponseReader reader = new ConstantRateLoad.ResponseReader();
        reader.reset();
        assertThat(reader.consume(ascii("HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\nab"))).isZero();
        assertThat(reader.consume(ascii("cde"))).isEqualTo(200);

        reader.reset();
        assertThat(reader.consume(ascii("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab")))
                .isZero();
        assertThat(reader.consume(ascii("c\r\n0\r\n"))).isZero();
        assertThat(reader.consume(ascii("\r\n"))).isEqualTo(404);
        assertThat(reader.closing()).isFalse();

        reader.reset();
        assertThat(reader.consume(ascii("HTTP/1.1 204 \r\nConnection: close\r\n\r\n"))).isEqualTo(204);
        assertThat(reader.closing()).isTrue();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
