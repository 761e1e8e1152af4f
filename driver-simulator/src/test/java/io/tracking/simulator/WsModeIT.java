package io.tracking.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/** The ws mode against an in-test WebSocket server that checks tokens and can drop connections, as a restart does. */
class WsModeIT {

    private static final String SECRET = "ws-mode-it-secret-0123456789-abcdef-01";

    private final JsonMapper mapper = SimulatorJson.newMapper();
    private FakeStreamServer server;
    private String prefix;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeStreamServer(SECRET);
        prefix = "ws-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldPingOverOneConnectionPerDriverOnEachDriversClockAndVerifyThePositions() {
        Result result = simulate("--mode", "ws", "--drivers", "4", "--interval-seconds", "0.2",
                "--duration-seconds", "1.5", "--verify-url", server.url(), "--verify-all",
                "--summary-json", dir.resolve("s.json").toString());

        assertThat(server.problems()).isEmpty();
        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
        assertThat(server.connections()).isEqualTo(4);
        List<Ping> pings = server.received();
        // 4 drivers x 1.5 s / 0.2 s = 30 pings expected; jitter and start offsets move it a little
        assertThat(pings).hasSizeBetween(18, 42);
        Map<String, List<Ping>> byDriver = pings.stream().collect(Collectors.groupingBy(Ping::driverId));
        assertThat(byDriver).hasSize(4);
        assertThat(result.out()).contains("errors 0")
                .contains("verification: 4 checked, 4 matched, 0 mismatched, 0 missing, 0 errors: PASSED");
        assertThat(result.err()).contains("ws: 4 connections opened, 0 reconnects, 0 pings resent");
        JsonNode summary = mapper.readTree(dir.resolve("s.json"));
        assertThat(summary.get("mode").asString()).isEqualTo("ws");
        assertThat(summary.get("accepted").asInt()).isEqualTo(pings.size());
        assertThat(summary.get("latencyMs").get("p99").asDouble()).isPositive();
        // the run closed its sender, which stopped the event-loop threads before returning
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("simulator-ws-io-"));
    }

    @Test
    void shouldReconnectAndResendTheUnansweredPingWhenTheServerDropsTheConnection() {
        server.dropAtFrames(5, 12);

        Result result = simulate("--mode", "ws", "--drivers", "2", "--total-pings", "20", "--concurrency", "2",
                "--request-timeout-seconds", "20");

        assertThat(server.problems()).isEmpty();
        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
        assertThat(result.out()).contains("pings sent 20, accepted 20, rejected 0, errors 0");
        List<Ping> received = server.received();
        // each ping answered once; the two dropped frames were sent again on the next connection
        assertThat(received).hasSize(20).doesNotHaveDuplicates();
        assertThat(received.stream().map(p -> p.driverId() + p.recordedAt()).distinct()).hasSize(20);
        assertThat(server.connections()).isEqualTo(4);
        // the dropped frame, and any sent behind it on the dead connection
        assertThat(result.err()).containsPattern("ws: 4 connections opened, 2 reconnects, [2-4] pings resent");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "only Linux routes all of 127.0.0.0/8 to the loopback interface")
    void shouldBindTheConnectionsToTheSourceAddressesInTurn() throws Exception {
        Result result = simulate("--mode", "ws", "--drivers", "4", "--total-pings", "8", "--concurrency", "4",
                "--ws-source-addresses", "127.0.0.2,127.0.0.3");

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
        InetAddress second = InetAddress.getByName("127.0.0.2");
        InetAddress third = InetAddress.getByName("127.0.0.3");
        assertThat(server.clientAddresses()).containsExactlyInAnyOrder(second, third, second, third);
    }

    @Test
    void shouldFailAPingLeftUnansweredOnceItsTimeoutPassedAndGoOn() {
        server.ignoreFrames(2);

        long start = System.nanoTime();
        Result result = simulate("--mode", "ws", "--drivers", "1", "--total-pings", "3", "--concurrency", "1",
                "--request-timeout-seconds", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_FAILED);
        assertThat(result.out()).contains("pings sent 3, accepted 2, rejected 0, errors 1")
                .contains("TimeoutException=1");
        // the open connection stayed: no reconnect, nothing resent
        assertThat(result.err()).contains("ws: 1 connections opened, 0 reconnects, 0 pings resent");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldConnectTheWholeFleetBeforeTheRunWhenAskedTo() throws Exception {
        // a fix every 60 s for 0.5 s: without --connect-first most drivers would not have connected at all
        Result result = simulate("--mode", "ws", "--drivers", "6", "--interval-seconds", "60", "--duration-seconds",
                "0.5", "--connect-first", "--concurrency", "2", "--summary-json", dir.resolve("c.json").toString());

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
        assertThat(server.connections()).isEqualTo(6);
        assertThat(result.err()).contains("ws: connected 6 drivers in").contains(", 0 failed");
        JsonNode connected = SimulatorJson.newMapper().readTree(dir.resolve("c.json").toFile()).path("connected");
        assertThat(connected.path("opened").asInt()).isEqualTo(6);
        assertThat(connected.path("failed").asInt()).isZero();
    }

    @Test
    void shouldCountTheConnectionsRefusedBeforeTheRunAndGoOn() {
        Result result = simulate("--mode", "ws", "--drivers", "2", "--interval-seconds", "60", "--duration-seconds",
                "0.2", "--connect-first", "--jwt-secret", "another-secret-0123456789-abcdef-0123456",
                "--request-timeout-seconds", "2");

        assertThat(result.err()).contains("ws: connected 0 drivers in").contains(", 2 failed");
    }

    @Test
    void shouldCountARefusedHandshakeAsAnError() {
        Result result = simulate("--mode", "ws", "--drivers", "1", "--total-pings", "2", "--jwt-secret",
                "another-secret-0123456789-abcdef-0123456", "--request-timeout-seconds", "1");

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_FAILED);
        assertThat(result.out()).contains("errors 2").contains("ws-handshake-401=2");
    }

    @Test
    void shouldFinishWhenEveryWorkerOfTheCommonPoolIsBlocked() {
        // on JDK 25 with two cores the common pool has one worker; a caller may hold it (the benchmark's hang)
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (CommonPoolHold hold = CommonPoolHold.everyWorker()) {
            Future<Result> run = caller.submit(() -> simulate("--mode", "ws", "--drivers", "3", "--total-pings", "12",
                    "--concurrency", "3", "--request-timeout-seconds", "5"));

            Result result = await().atMost(Duration.ofSeconds(30)).until(() -> run.isDone() ? run.get() : null,
                    Objects::nonNull);
            // on every JDK: the client's connections and timers run on event-loop threads of its own
            assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
            assertThat(server.received()).hasSize(12);
        } finally {
            caller.shutdownNow();
        }
    }

    private Result simulate(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--ingest-url", server.url(), "--driver-prefix", prefix, "--no-progress"));
        if (!all.contains("--jwt-secret")) {
            all.addAll(List.of("--jwt-secret", SECRET));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = DriverSimulator.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
    }
}
