package io.tracking.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tracking.auth.DevTokens;
import io.tracking.contract.Topics;
import io.tracking.simulator.fleet.CityArea;

class OptionsParserTests {

    @TempDir
    Path dir;

    @Test
    void shouldSendTheWsModeToTheDriverStreamUnlessToldOtherwise() throws UsageException {
        assertThat(OptionsParser.parse(List.of("--mode", "ws"), Map.of()).ingestUrl())
                .isEqualTo(URI.create("http://localhost:8085"));
        assertThat(OptionsParser.parse(List.of("--mode", "ws", "--ingest-url", "http://localhost:8081"), Map.of())
                .ingestUrl()).isEqualTo(URI.create("http://localhost:8081"));
    }

    @Test
    void shouldApplyTheDocumentedDefaults() throws UsageException {
        SimulatorOptions options = OptionsParser.parse(List.of(), Map.of());

        assertThat(options.mode()).isEqualTo(Mode.HTTP_SINGLE);
        assertThat(options.ingestUrl()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(options.topic()).isEqualTo(Topics.LOCATION_UPDATES);
        assertThat(options.jwtSecret()).isEqualTo(DevTokens.DEVELOPMENT_SECRET);
        assertThat(options.drivers()).isEqualTo(100);
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.totalPings()).isNull();
        assertThat(options.loadModel()).isEqualTo("open");
        assertThat(options.concurrency()).isEqualTo(64);
        assertThat(options.batchSize()).isEqualTo(20);
        assertThat(options.driverPrefix()).matches("sim-[a-z0-9]{6}-");
        assertThat(options.area()).isEqualTo(CityArea.BENGALURU);
        assertThat(options.verifyUrl()).isNull();
        assertThat(options.verifySample()).isEqualTo(20);
        assertThat(options.progress()).isTrue();
    }

    @Test
    void shouldGiveEveryRunItsOwnDriverPrefix() throws UsageException {
        assertThat(OptionsParser.parse(List.of(), Map.of()).driverPrefix())
                .isNotEqualTo(OptionsParser.parse(List.of(), Map.of()).driverPrefix());
    }

    @Test
    void shouldTakeSecretAndBrokerFromTheEnvironmentUnlessGivenOnTheCommandLine() throws UsageException {
        Map<String, String> env = Map.of("TRACKING_JWT_SECRET", "an-environment-secret-of-at-least-32-bytes",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:29092");

        SimulatorOptions fromEnv = OptionsParser.parse(List.of(), env);
        SimulatorOptions fromArgs = OptionsParser.parse(
                List.of("--jwt-secret", "a-command-line-secret-of-at-least-32-bytes", "--bootstrap-servers=b:9092"), env);

        assertThat(fromEnv.jwtSecret()).isEqualTo("an-environment-secret-of-at-least-32-bytes");
        assertThat(fromEnv.bootstrapServers()).isEqualTo("kafka:29092");
        assertThat(fromArgs.jwtSecret()).isEqualTo("a-command-line-secret-of-at-least-32-bytes");
        assertThat(fromArgs.bootstrapServers()).isEqualTo("b:9092");
    }

    @Test
    void shouldReadAClosedBatchRunInBothOptionSyntaxes() throws UsageException {
        SimulatorOptions options = OptionsParser.parse(List.of("--mode=http-batch", "--total-pings", "1_000",
                "--concurrency=8", "--batch-size", "50", "--drivers", "10", "--interval-seconds", "0.5",
                "--ingest-url", "http://ingest:8080/", "--driver-prefix", "bench_", "--seed", "-3", "--verify-url",
                "http://query:8083", "--verify-all", "--no-progress"), Map.of());

        assertThat(options.mode()).isEqualTo(Mode.HTTP_BATCH);
        assertThat(options.totalPings()).isEqualTo(1_000);
        assertThat(options.loadModel()).isEqualTo("closed");
        assertThat(options.concurrency()).isEqualTo(8);
        assertThat(options.batchSize()).isEqualTo(50);
        assertThat(options.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.ingestUrl()).isEqualTo(URI.create("http://ingest:8080"));
        assertThat(options.driverPrefix()).isEqualTo("bench_");
        assertThat(options.seed()).isEqualTo(-3);
        assertThat(options.verifyUrl()).isEqualTo(URI.create("http://query:8083"));
        assertThat(options.verifyAll()).isTrue();
        assertThat(options.progress()).isFalse();
    }

    @Test
    void shouldReplayAnExistingFileViaKafka() throws Exception {
        Path file = Files.writeString(dir.resolve("pings.ndjson"), "");

        SimulatorOptions options = OptionsParser.parse(
                List.of("--mode", "replay", "--file", file.toString(), "--via", "kafka"), Map.of());

        assertThat(options.replayFile()).isEqualTo(file);
        assertThat(options.sendsToKafka()).isTrue();
        assertThat(options.loadModel()).isEqualTo("replay");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --mode walk                                       | --mode must be one of
            --drivers                                         | --drivers needs a value
            --drivers --concurrency 3                         | --drivers needs a value
            --drivers 0                                       | --drivers must be an integer in [1, 1000000], got '0'
            --drivers many                                    | --drivers must be an integer
            --interval-seconds -1                             | --interval-seconds must be a number in
            --duration-seconds 0                              | --duration-seconds must be a number in
            --total-pings 10 --duration-seconds 5             | choose one load model
            --total-pings 0                                   | --total-pings must be an integer
            --concurrency 0                                   | --concurrency must be an integer
            --batch-size 0                                    | --batch-size must be an integer
            --radius-km 0                                     | --radius-km must be a number in
            --city-lat 91                                     | --city-lat must be a number in
            --ingest-url localhost:8081                       | --ingest-url must be an absolute http(s) URL
            --verify-url ftp://query                          | --verify-url must be an absolute http(s) URL
            --jwt-secret short                                | --jwt-secret must be at least 32 bytes
            --driver-prefix bad/prefix                        | --driver-prefix must consist of
            --mode replay                                     | --mode replay needs --file
            --mode replay --file /no/such/file.ndjson         | --file cannot be read
            --file pings.ndjson                               | --file only applies to --mode replay
            --via kafka                                       | --via only applies to --mode replay
            --mode replay --file /no/such --via pigeon        | --via must be http or kafka
            --drivers 3 --drivers 4                           | --drivers is given more than once
            --verify-all=yes                                  | --verify-all takes no value
            --warp-speed 9                                    | unknown option --warp-speed
            stray                                             | unexpected argument stray
            --mode http-batch --total-pings 9000000000 --drivers 1 | --total-pings is too large
            --mode ws --ws-source-addresses localhost         | --ws-source-addresses must list IP addresses
            --mode ws --ws-source-addresses 127.0.0.2,,       | --ws-source-addresses must list IP addresses
            --ws-source-addresses 127.0.0.2                   | --ws-source-addresses only applies to --mode ws
            """)
    void shouldRefuseBadArgumentsNamingTheOptionAndTheRule(String args, String message) {
        assertThatExceptionOfType(UsageException.class)
                .isThrownBy(() -> OptionsParser.parse(Arrays.asList(args.split(" ")), Map.of()))
                .withMessageContaining(message);
    }

    @Test
    void shouldReadTheWsSourceAddressesInTheirOrder() throws Exception {
        SimulatorOptions options = OptionsParser.parse(
                List.of("--mode", "ws", "--ws-source-addresses", "127.0.0.2, 127.0.0.3,::1"), Map.of());

        assertThat(options.wsSourceAddresses()).containsExactly(InetAddress.getByName("127.0.0.2"),
                InetAddress.getByName("127.0.0.3"), InetAddress.getByName("::1"));
        assertThat(OptionsParser.parse(List.of("--mode", "ws"), Map.of()).wsSourceAddresses()).isEmpty();
    }

    @Test
    void shouldRefuseAPrefixThatMakesDriverIdsLongerThanTheContractAllows() {
        assertThatExceptionOfType(UsageException.class)
                .isThrownBy(() -> OptionsParser.parse(List.of("--driver-prefix", "p".repeat(62), "--drivers", "1000"),
                        Map.of()))
                .withMessageContaining("at most 64 characters");
    }

    @Test
    void shouldListEveryOptionWithItsDefaultInTheUsageText() {
        String usage = OptionsParser.usage();

        for (OptionsParser.Spec spec : OptionsParser.SPECS) {
            assertThat(usage).contains(spec.name());
            if (spec.defaultText() != null) {
                assertThat(usage).contains("(default: " + spec.defaultText() + ")");
            }
        }
        assertThat(OptionsParser.SPECS).extracting(OptionsParser.Spec::name).contains("--mode", "--ingest-url",
                "--bootstrap-servers", "--jwt-secret", "--drivers", "--interval-seconds", "--duration-seconds",
                "--total-pings", "--concurrency", "--batch-size", "--driver-prefix", "--file", "--via", "--record",
                "--summary-json", "--expect-file", "--verify-url", "--verify-all");
    }

    @Test
    void shouldExitWithTwoAndPrintTheUsageOnBadArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = DriverSimulator.run(List.of("--drivers", "-5"), Map.of(), print(out), print(err));

        assertThat(exitCode).isEqualTo(DriverSimulator.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --drivers must be an integer")
                .contains("Usage:").contains("--verify-timeout-seconds");
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldPrintTheUsageOnStdoutAndExitWithZeroOnHelp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exitCode = DriverSimulator.run(List.of("--help"), Map.of(), print(out), print(new ByteArrayOutputStream()));

        assertThat(exitCode).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:");
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
