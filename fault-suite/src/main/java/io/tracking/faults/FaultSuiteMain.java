package io.tracking.faults;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tracking.faults.load.Transport;
import io.tracking.faults.report.ResultFiles;
import io.tracking.faults.report.ResultTable;
import io.tracking.faults.report.ScenarioResult;
import io.tracking.faults.report.SuiteResult;
import io.tracking.faults.scenario.Scenario;
import io.tracking.faults.scenario.ScenarioRunner;
import io.tracking.faults.scenario.Scenarios;
import io.tracking.faults.scenario.SuiteSettings;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.Service;

/**
 * {@code fault-suite/run.sh}: starts one local stack on free ports, runs the selected scenarios one after the other
 * (each with drivers of its own), prints the table, writes the JSON and exits 0 only when every scenario passed.
 *
 * <p>Exit codes: 0 all passed, 1 a scenario failed or the stack did not start, 2 bad arguments.
 */
public final class FaultSuiteMain {

    private static final Logger log = LoggerFactory.getLogger(FaultSuiteMain.class);

    private FaultSuiteMain() {
    }

    public static void main(String[] args) throws Exception {
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args, LocalStack.findRepositoryRoot());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(SuiteOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(SuiteOptions.USAGE);
            return;
        }
        try {
            System.exit(run(options) ? 0 : 1);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    static boolean run(SuiteOptions options) throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        List<Scenario> scenarios = Scenarios.select(options.scenarios());
        SuiteSettings settings = options.settings();
        Path dataDirectory = options.dataDirectory() != null ? options.dataDirectory()
                : Files.createTempDirectory("fault-suite-");
        log.info("Fault suite: {} ({} drivers, a ping every {} ms each); stack data and logs in {}",
                scenarios.stream().map(Scenario::name).toList(), settings.drivers(), settings.interval().toMillis(),
                dataDirectory);

        List<ScenarioResult> results = new ArrayList<>();
        double stackStartSeconds = 0;
        boolean stackStarted = false;
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        LocalStack stack = LocalStack.builder(dataDirectory)
                .ports(LocalStack.Ports.free())
                .repositoryRoot(copyServiceJars(options.repositoryRoot(), dataDirectory))
                .partitions(settings.partitions())
                .serviceStartupTimeout(settings.startupTimeout())
                // the driver apps' stream: the ingest service's Netty listener, on a port of its own
                .ingestStreamPort(LocalStack.Ports.free().ingest())
                .build();
        try {
            stack.start();
            stackStarted = true;
            stackStartSeconds = (System.nanoTime() - start) / 1e9;
            log.info("Stack started in {} s", Math.round(stackStartSeconds));
            ScenarioRunner runner = new ScenarioRunner(stack, settings, http);
            runner.warmUp(settings.warmUp(), scenarios.stream().map(Scenario::transport)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Transport.class))));
            for (Scenario scenario : scenarios) {
                results.add(runner.run(scenario));
                // progress for whoever watches; the final table goes to stdout
                System.err.print(ResultTable.render(results));
            }
        } catch (RuntimeException e) {
            log.error("The fault suite could not run: {}", e.getMessage(), e);
        } finally {
            stack.close();
        }

        boolean passed = stackStarted && results.size() == scenarios.size()
                && results.stream().allMatch(ScenarioResult::passed);
        SuiteResult suite = new SuiteResult(startedAt, round((System.nanoTime() - start) / 1e9),
                round(stackStartSeconds), passed,
                new SuiteResult.Settings(settings.drivers(), settings.interval().toMillis() / 1000.0,
                        settings.minLoad().toSeconds(), settings.tail().toSeconds()),
                results);
        Path file = ResultFiles.write(suite, options.resultsDirectory());

        System.out.println();
        System.out.print(ResultTable.render(results));
        System.out.printf("%n%s in %.0f s (stack start %.0f s). Results: %s%n", passed ? "PASSED" : "FAILED",
                suite.durationSeconds(), stackStartSeconds, file);
        if (passed && !options.keepData() && options.dataDirectory() == null) {
            deleteRecursively(dataDirectory);
        } else {
            System.out.println("Stack data and logs kept in " + dataDirectory);
        }
        return passed;
    }

    /**
     * Copies the service jars into the data directory, laid out as the stack expects them under a repository root,
     * so that a scenario restarts the very jar the run started with even if a build rewrites the module's
     * {@code target/} meanwhile.
     *
     * @return the root to start the stack from
     */
    static Path copyServiceJars(Path repositoryRoot, Path dataDirectory) throws IOException {
        Path copyRoot = dataDirectory.resolve("jars");
        String version = LocalStack.projectVersion();
        for (Service service : Service.values()) {
            Path jar = service.executableJar(repositoryRoot, version);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " not found: build first (run.sh without --no-build)");
            }
            Path copy = service.executableJar(copyRoot, version);
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copyRoot;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}", directory, e);
        }
    }
}
