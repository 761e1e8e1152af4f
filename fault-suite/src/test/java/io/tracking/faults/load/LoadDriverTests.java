package io.tracking.faults.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.tracking.simulator.delivery.DriverTokens;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;

class LoadDriverTests {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-long!";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldRecordEveryAttemptWithItsStatusOnePingPerDriverAtATime() throws Exception {
        startServer();
        Fleet fleet = Fleet.create("load-test-", 3, CityArea.BENGALURU, 42);
        LoadDriver load = new LoadDriver(httpChannel("http://localhost:" + server.getAddress().getPort()), fleet,
                Duration.ofMillis(50));

        load.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> load.sent() >= 30);
        assertThat(load.stop(Duration.ofSeconds(10))).isTrue();

        List<PingAttempt> attempts = load.attempts();
        assertThat(attempts).hasSize(requests.get()).hasSize((int) load.sent());
        assertThat(attempts.stream().filter(PingAttempt::accepted).count())
                .isEqualTo(accepted.get()).isEqualTo(load.accepted());
        assertThat(attempts).extracting(PingAttempt::outcome).containsOnly("http-202", "http-503");
        Map<String, List<PingAttempt>> byDriver = attempts.stream()
                .collect(Collectors.groupingBy(PingAttempt::driverId));
        assertThat(byDriver).containsOnlyKeys("load-test-0", "load-test-1", "load-test-2");
        byDriver.values().forEach(pings -> {
            List<PingAttempt> inOrder = pings.stream().sorted(Comparator.comparingLong(PingAttempt::startNanos))
                    .toList();
            for (int i = 1; i < inOrder.size(); i++) {
                PingAttempt previous = inOrder.get(i - 1);
                PingAttempt next = inOrder.get(i);
                assertThat(next.startNanos()).as("one request in flight per driver").isGreaterThanOrEqualTo(
                        previous.endNanos());
                assertThat(next.recordedAt()).isAfter(previous.recordedAt());
            }
        });
        assertThat(bodies).allSatisfy(body -> assertThat(body).contains("\"recordedAt\":\"20"));
    }

    @Test
    void shouldRecordARefusedConnectionAsAFailureWithoutResponse() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LoadDriver load = new LoadDriver(httpChannel("http://localhost:" + closedPort),
                Fleet.create("refused-", 2, CityArea.BENGALURU, 1), Duration.ofMillis(50));

        load.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> load.attempts().size() >= 4);
        load.stop(Duration.ofSeconds(10));

        assertThat(load.accepted()).isZero();
        assertThat(load.attempts()).allSatisfy(attempt -> {
            assertThat(attempt.status()).isEqualTo(PingAttempt.NO_RESPONSE);
            assertThat(attempt.outcome()).isEqualTo("ConnectException");
        });
        assertThat(load.outcomes()).containsOnlyKeys("ConnectException");
    }

    private HttpPingChannel httpChannel(String baseUrl) {
        return new HttpPingChannel(http, baseUrl, new DriverTokens(SECRET, Duration.ofMinutes(5)),
                Duration.ofSeconds(5));
    }

    /** Answers 202 and 503 in turn, after checking the request carries a bearer token. */
    private void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/locations", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        int status;
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            status = 401;
        } else {
            status = requests.get() % 2 == 0 ? 202 : 503;
        }
        if (status == 202) {
            accepted.incrementAndGet();
        }
        requests.incrementAndGet();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
