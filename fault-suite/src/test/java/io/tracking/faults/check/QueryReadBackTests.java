package io.tracking.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.tracking.faults.load.PingAttempt;

class QueryReadBackTests {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-long!";

    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/v1/drivers/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldAskABusyServiceAgainButNeverAWrongAnswer() throws Exception {
        PingAttempt busyAtFirst = Attempts.accepted("busy-at-first", 5, 12.5, 77.5);
        PingAttempt stale = Attempts.accepted("stale", 5, 12.5, 77.5);

        QueryReadBack.Result result = new QueryReadBack(HttpClient.newHttpClient(), baseUrl(), SECRET)
                .check(Map.of(busyAtFirst.driverId(), busyAtFirst, stale.driverId(), stale));

        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.matched()).isEqualTo(1);
        assertThat(result.askedAgain()).isEqualTo(1);
        assertThat(result.sample()).containsExactly("stale (older, 2026-01-01T10:00:04Z)");
        assertThat(asked.get("busy-at-first")).hasValue(2);
        assertThat(asked.get("stale")).hasValue(1);
    }

    /** {@code busy-at-first}: 503, then its ping of second 5; {@code stale}: its ping of second 4. */
    private void answer(HttpExchange exchange) throws IOException {
        String driverId = exchange.getRequestURI().getPath().split("/")[4];
        int times = asked.computeIfAbsent(driverId, id -> new AtomicInteger()).incrementAndGet();
        if (driverId.equals("busy-at-first") && times == 1) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        String recordedAt = Attempts.T0.plusSeconds(driverId.equals("stale") ? 4 : 5).toString();
        byte[] body = ("{\"driverId\":\"" + driverId + "\",\"latitude\":12.5,\"longitude\":77.5,\"recordedAt\":\""
                + recordedAt + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }
}
