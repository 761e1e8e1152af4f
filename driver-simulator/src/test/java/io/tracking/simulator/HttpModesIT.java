package io.tracking.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/** The HTTP modes against an in-test server that checks tokens and can fail or partly reject requests. */
class HttpModesIT {

    private static final String SECRET = "http-modes-it-secret-0123456789-abcdef";

    private final JsonMapper mapper = SimulatorJson.newMapper();
    private FakeTrackingServer server;
    private String prefix;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeTrackingServer(SECRET);
        prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldSendSinglePingsWithEachDriversOwnTokenAndCountAServerErrorAsAnError() throws IOException {
        server.failRequests(7);
        Path summaryFile = dir.resolve("summary.json");
        Path expectFile = dir.resolve("expect.ndjson");

        Result result = simulate("--mode", "http-single", "--drivers", "8", "--total-pings", "40", "--concurrency", "4",
                "--summary-json", summaryFile.toString(), "--expect-file", expectFile.toString());

        assertThat(server.problems()).isEmpty();
        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_FAILED);
        JsonNode summary = mapper.readTree(summaryFile);
        assertThat(summary.get("requests").asLong()).isEqualTo(40);
        assertThat(summary.get("sent").asLong()).isEqualTo(40);
        assertThat(summary.get("accepted").asLong()).isEqualTo(39);
        assertThat(summary.get("rejected").asLong()).isZero();
        assertThat(summary.get("errors").asLong()).isEqualTo(1);
        assertThat(summary.get("errorsByKind").get("http-503").asLong()).isEqualTo(1);
        assertThat(summary.get("latencyMs").get("p99").asDouble()).isPositive();
        assertThat(result.out()).contains("pings sent 40, accepted 39, rejected 0, errors 1").contains("http-503=1");
        assertThat(server.acceptedPings()).hasSize(39)
                .allSatisfy(ping -> assertThat(ping.driverId()).startsWith(prefix));
        assertThat(expectedPositions(expectFile)).isEqualTo(newestOnServer()).hasSize(8);
    }

    @Test
    void shouldUploadPerDriverBatchesAndCountPerItemRejectionsAndFailedBatches() throws IOException {
        server.rejectFirstPingOfRequests(3);
        server.failRequests(6);
        Path summaryFile = dir.resolve("summary.json");
        Path expectFile = dir.resolve("expect.csv");

        Result result = simulate("--mode", "http-batch", "--drivers", "4", "--total-pings", "40", "--batch-size", "5",
                "--concurrency", "3", "--summary-json", summaryFile.toString(), "--expect-file", expectFile.toString());

        assertThat(server.problems()).isEmpty();
        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_FAILED);
        JsonNode summary = mapper.readTree(summaryFile);
        assertThat(summary.get("requests").asLong()).isEqualTo(8);
        assertThat(summary.get("sent").asLong()).isEqualTo(40);
        assertThat(summary.get("accepted").asLong()).isEqualTo(34);
        assertThat(summary.get("rejected").asLong()).isEqualTo(1);
        assertThat(summary.get("errors").asLong()).isEqualTo(5);
        assertThat(summary.get("errorsByKind").get("http-503").asLong()).isEqualTo(5);
        assertThat(server.acceptedPings()).hasSize(34);
        assertThat(server.acceptedRequests()).allSatisfy(batch -> {
            assertThat(batch).extracting(Ping::driverId).containsOnly(batch.get(0).driverId());
            assertThat(batch).isSortedAccordingTo(Comparator.comparing(Ping::recordedAt));
        });
        List<String> csv = Files.readAllLines(expectFile);
        assertThat(csv.get(0)).isEqualTo("driverId,recordedAt,latitude,longitude");
        assertThat(csv.subList(1, csv.size())).containsExactlyInAnyOrderElementsOf(server.newestByDriver().values()
                .stream().map(p -> p.driverId() + "," + p.recordedAt() + "," + p.latitude() + "," + p.longitude())
                .toList());
    }

    @Test
    void shouldSucceedWhenEverythingIsAcceptedAndTheQueryServiceServesTheLastAcceptedPositions() {
        Result result = simulate("--mode", "http-single", "--drivers", "6", "--total-pings", "60", "--concurrency", "6",
                "--verify-url", server.url(), "--verify-all");

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
        assertThat(result.out()).contains("accepted 60, rejected 0, errors 0")
                .contains("verification: 6 checked, 6 matched, 0 mismatched, 0 missing, 0 errors: PASSED")
                .endsWith("result: OK" + System.lineSeparator());
    }

    @Test
    void shouldFailVerificationWhenTheQueryServiceServesAnotherPosition() {
        server.misplace(prefix + "2");

        Result result = simulate("--mode", "http-single", "--drivers", "4", "--total-pings", "12", "--verify-url",
                server.url(), "--verify-sample", "4", "--verify-timeout-seconds", "1");

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_FAILED);
        assertThat(result.out()).contains("errors 0").contains("4 checked, 3 matched, 1 mismatched");
        assertThat(result.err()).contains("verify: driver " + prefix + "2 mismatched (position differs)");
    }

    @Test
    void shouldPingOnEachDriversOwnClockInTheOpenModel() {
        Result result = simulate("--mode", "http-single", "--drivers", "5", "--interval-seconds", "0.2",
                "--duration-seconds", "1.5");

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
        List<Ping> pings = server.acceptedPings();
        // 5 drivers x 1.5 s / 0.2 s = 37.5 pings expected; the interval jitter and start offsets move it a little
        assertThat(pings).hasSizeBetween(25, 50);
        Map<String, List<Ping>> byDriver = pings.stream().collect(Collectors.groupingBy(Ping::driverId));
        assertThat(byDriver).hasSize(5);
        byDriver.values().forEach(own -> assertThat(own.stream().map(Ping::recordedAt).distinct()).hasSameSizeAs(own));
    }

    @Test
    void shouldUploadBufferedPingsAndFlushTheRestAtTheEndInTheOpenModel() {
        Result result = simulate("--mode", "http-batch", "--drivers", "3", "--interval-seconds", "0.1",
                "--duration-seconds", "1", "--batch-size", "4", "--summary-json", dir.resolve("s.json").toString());

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
        JsonNode summary = mapper.readTree(dir.resolve("s.json"));
        assertThat(server.acceptedPings()).hasSize(summary.get("sent").asInt()).hasSizeGreaterThan(15);
        assertThat(server.acceptedRequests()).allSatisfy(batch -> {
            assertThat(batch).hasSizeLessThanOrEqualTo(4);
            assertThat(batch).extracting(Ping::driverId).containsOnly(batch.get(0).driverId());
        });
        assertThat(server.acceptedRequests()).filteredOn(batch -> batch.size() == 4).hasSizeGreaterThan(3);
    }

    @Test
    void shouldReplayRecordedPingsAndCountUnreadableLinesAsErrors() throws IOException {
        Path recording = dir.resolve("pings.ndjson");
        Result recorded = simulate("--mode", "http-single", "--drivers", "3", "--total-pings", "9", "--record",
                recording.toString());
        assertThat(recorded.exitCode()).isZero();
        List<Ping> firstRun = new ArrayList<>(server.acceptedPings());
        Files.writeString(recording, "\nnot a ping\n", StandardOpenOption.APPEND);

        Result replayed = simulate("--mode", "replay", "--file", recording.toString(), "--concurrency", "1");

        assertThat(replayed.exitCode()).isEqualTo(DriverSimulator.EXIT_FAILED);
        assertThat(replayed.out()).contains("pings sent 10, accepted 9, rejected 0, errors 1")
                .contains("invalid-line=1");
        List<Ping> replayedPings = server.acceptedPings().subList(9, 18);
        assertThat(replayedPings).containsExactlyInAnyOrderElementsOf(firstRun);
        assertThat(Files.readAllLines(recording).stream().filter(line -> line.startsWith("{"))).hasSize(9);
    }

    @Test
    void shouldReportConnectionFailuresByExceptionKind() {
        String deadUrl = server.url();
        server.close();

        Result result = simulate("--mode", "http-single", "--drivers", "2", "--total-pings", "4", "--ingest-url",
                deadUrl, "--request-timeout-seconds", "2");

        assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_FAILED);
        assertThat(result.out()).contains("errors 4").contains("ConnectException=4");
    }

    @Test
    void shouldFinishWhenEveryWorkerOfTheCommonPoolIsBlocked() {
        // a benchmark running the simulator in CompletableFuture.supplyAsync blocks the common pool's only worker
        // (two cores); from JDK 25 on, HttpClient.sendAsync completed every response through that pool and hung
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (CommonPoolHold hold = CommonPoolHold.everyWorker()) {
            Future<Result> run = caller.submit(() -> simulate("--mode", "http-single", "--drivers", "4",
                    "--total-pings", "20", "--concurrency", "4", "--request-timeout-seconds", "5"));

            Result result = await().atMost(Duration.ofSeconds(30)).until(() -> run.isDone() ? run.get() : null,
                    Objects::nonNull);
            assertThat(result.exitCode()).isEqualTo(DriverSimulator.EXIT_OK);
            assertThat(server.acceptedPings()).hasSize(20);
        } finally {
            caller.shutdownNow();
        }
    }

    /** Driver id to "recordedAt,latitude,longitude" of each line of an NDJSON expect file. */
    private Map<String, String> expectedPositions(Path expectFile) throws IOException {
        try (Stream<String> lines = Files.lines(expectFile)) {
            return lines.map(mapper::readTree).collect(Collectors.toMap(node -> node.get("driverId").asString(),
                    node -> Instant.parse(node.get("recordedAt").asString()) + "," + node.get("latitude").asDouble()
                            + "," + node.get("longitude").asDouble()));
        }
    }

    private Map<String, String> newestOnServer() {
        return server.newestByDriver().values().stream().collect(Collectors.toMap(Ping::driverId,
                ping -> ping.recordedAt() + "," + ping.latitude() + "," + ping.longitude()));
    }

    private Result simulate(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--ingest-url")) {
            all.addAll(List.of("--ingest-url", server.url()));
        }
        all.addAll(List.of("--jwt-secret", SECRET, "--driver-prefix", prefix, "--no-progress"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = DriverSimulator.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
    }
}
