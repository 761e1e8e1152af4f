package io.tracking.benchmark;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.jspecify.annotations.Nullable;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Machine;
import io.tracking.benchmark.report.Ratios;
import io.tracking.benchmark.report.Results;
import io.tracking.benchmark.report.ResultsJson;
import io.tracking.benchmark.report.ResultsTable;
import io.tracking.benchmark.report.Series;
import io.tracking.benchmark.report.SvgChart;
import io.tracking.benchmark.scenario.BenchmarkContext;
import io.tracking.benchmark.scenario.BenchmarkSettings;
import io.tracking.benchmark.scenario.Scenario;
import io.tracking.benchmark.scenario.ScenarioUnavailable;
import io.tracking.benchmark.scenario.Scenarios;
import io.tracking.benchmark.tool.Database;
import io.tracking.benchmark.tool.MemorySampler;
import io.tracking.benchmark.tool.SeedConsumer;
import io.tracking.benchmark.tool.Wrk;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.PostgresNode;
import io.tracking.localstack.ServiceProcess;

/**
 * One benchmark run: starts the stack on free ports in a temporary directory, runs the chosen scenarios in order
 * while sampling every process's peak memory, stops the stack, and writes {@code results.json}, {@code table.md},
 * {@code chart.svg}, {@code benchmark.log} and the stack's logs into the results directory. A scenario that fails
 * is reported as a note and the others still run.
 */
final class BenchmarkRun {

    private static final DateTimeFormatter DIRECTORY_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final BenchmarkOptions options;

    BenchmarkRun(BenchmarkOptions options) {
        this.options = options;
    }

    int execute() {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long started = System.nanoTime();
        BenchmarkSettings settings = options.settings();
        List<Scenario> scenarios = Scenarios.select(options.only());
        Path repository = LocalStack.findRepositoryRoot();
        Path output = options.output() != null ? options.output()
                : repository.resolve("benchmark/results").resolve(DIRECTORY_NAME.format(startedAt));
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            System.err.println("error: cannot create " + output + ": " + e.getMessage());
            return 1;
        }
        try (PrintStream log = new PrintStream(new TeeOutputStream(System.err,
                new FileOutputStream(output.resolve("benchmark.log").toFile())), true, StandardCharsets.UTF_8)) {
            return execute(log, startedAt, started, settings, scenarios, repository, output);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int execute(PrintStream log, Instant startedAt, long started, BenchmarkSettings settings,
            List<Scenario> scenarios, Path repository, Path output) throws IOException {
        Optional<Wrk> wrk = options.noWrk() ? Optional.empty() : Wrk.find();
        String noWrkReason = options.noWrk()
                ? "wrk turned off with --no-wrk or " + BenchmarkOptions.NO_WRK_VARIABLE + "=1"
                : "wrk is not installed";
        Path seedSource = seedConsumerSource(repository);
        Path stackDirectory = Files.createTempDirectory("tracking-benchmark-");
        Path work = Files.createDirectories(stackDirectory.resolve("work"));
        Path cache = Files.createDirectories(repository.resolve("benchmark/target/cache"));
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("Kafka", AppInfoParser.getVersion());
        wrk.ifPresent(found -> tools.put("wrk", found.version().replaceFirst("^wrk ", "")));
        SeedConsumer.findNode().ifPresent(node -> tools.put("node", SeedConsumer.version(node)));
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Series> series = new ArrayList<>();
        int failed = 0;
        double stackReady = -1;
        log.printf(Locale.ROOT, "Benchmark, %s mode, %d runs per figure; results in %s%n", settings.mode(),
                settings.runs(), output);
        if (wrk.isEmpty()) {
            notes.add(noWrkReason + (options.noWrk() ? "" : " (apt-get install -y wrk)") + ": every HTTP figure "
                    + "measured by the Java generators (single pings: the simulator; query figures: an open loop at "
                    + "a fixed rate), marked as such");
        }
        log.println("Starting the local stack in " + stackDirectory);
        // a shared machine can take minutes to start three JVMs: more than the default 180 s per service
        LocalStack.Builder builder = LocalStack.builder(stackDirectory).ports(LocalStack.Ports.free())
                .serviceStartupTimeout(Duration.ofMinutes(settings.isSmoke() ? 3 : 5));
        if (settings.isSmoke()) {
            // C1 only: the JVMs start in less CPU time on two cores; the smoke mode's figures only prove a run
            // (the broker keeps C2: it starts in parallel with PostgreSQL, and a slower broker on a busy machine
            // makes the ingest service answer 503 when its acknowledgements take over 2 s)
            builder.serviceJvmOptions(smokeJvmOptions(ServiceProcess.Builder.defaultJvmOptions()));
        }
        // the ingest service's second WebSocket transport (Netty, beside Tomcat's), so that ws-ingest measures both
        builder.ingestStreamPort(LocalStack.Ports.free().ingest());
        LocalStack stack = builder.build();
        // the seed consumer's copy and npm install (a fresh machine) need neither the stack nor its cores much
        Future<Path> seedPreparation = seedSource != null && SeedConsumer.findNode().isPresent()
                && scenarios.stream().anyMatch(scenario -> scenario.name().equals("seed"))
                        ? BenchmarkContext.prepareSeedConsumer(seedSource, cache, log) : null;
        try {
            stack.start();
            tools.put("PostgreSQL", postgresVersion(stack));
            stackReady = (System.nanoTime() - started) / 1e9;
            log.printf(Locale.ROOT, "Stack ready after %.0f s%n", stackReady);
            try (MemorySampler memory = new MemorySampler(processes(stack)).start(500)) {
                BenchmarkContext context = new BenchmarkContext(stack, settings, work, cache, seedSource, log,
                        wrk.orElse(null), noWrkReason, memory);
                if (seedPreparation != null) {
                    context.seedConsumerPreparation(seedPreparation);
                }
                for (int i = 0; i < scenarios.size(); i++) {
                    Scenario scenario = scenarios.get(i);
                    long scenarioStart = System.nanoTime();
                    log.printf(Locale.ROOT, "== %s (%d/%d)%n", scenario.name(), i + 1, scenarios.size());
                    try {
                        List<Figure> produced = scenario.run(context);
                        String missing = missingFigures(produced);
                        if (missing != null) {
                            failed++;
                            context.note(scenario.name() + " failed: " + missing);
                        }
                        figures.addAll(produced);
                    } catch (ScenarioUnavailable e) {
                        context.note(e.getMessage());
                    } catch (Exception e) {
                        failed++;
                        context.note(scenario.name() + " failed: " + summary(e));
                        e.printStackTrace(log);
                    }
                    log.printf(Locale.ROOT, "   %s took %.0f s%n", scenario.name(),
                            (System.nanoTime() - scenarioStart) / 1e9);
                }
                memory.sample();
                memory.peaksMiB().forEach((name, mib) -> figures.add(Figure.of(
                        "memory." + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-").replaceAll("-$", ""),
                        name, "peak RSS", "MiB", List.of(mib),
                        "VmHWM of /proc/<pid>/status (the kernel's high-water mark), read every 0.5 s; the highest "
                                + "over the whole benchmark, across restarts")));
                notes.addAll(context.notes());
                series.addAll(context.series());
            }
        } catch (RuntimeException e) {
            failed++;
            notes.add("the benchmark stopped: " + summary(e));
            e.printStackTrace(log);
        } finally {
            stack.close();
            copyLogs(stack.logDirectory(), output.resolve("logs"), log);
            copyLogs(work, output.resolve("logs"), log);
            copyCharts(work, output, log);
            if (options.keepStack()) {
                log.println("Stack directory kept: " + stackDirectory);
            } else {
                deleteQuietly(stackDirectory);
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Results results = new Results(settings.mode(), startedAt, elapsed, Machine.current(tools), figures,
                Ratios.standard(figures), series, notes);
        String table = ResultsTable.render(results);
        ResultsJson.write(results, output.resolve("results.json"));
        Files.writeString(output.resolve("table.md"), table, StandardCharsets.UTF_8);
        Files.writeString(output.resolve("chart.svg"), SvgChart.render(results), StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println("Results: " + output.resolve("results.json") + ", " + output.resolve("table.md") + ", "
                + output.resolve("chart.svg"));
        int exit = failed == 0 ? 0 : 1;
        System.out.printf(Locale.ROOT, "Total: %.0f s (%s mode, stack ready after %s); %s%n", elapsed, settings.mode(),
                stackReady < 0 ? "did not finish" : String.format(Locale.ROOT, "%.0f s", stackReady),
                failed == 0 ? "every scenario produced its figures, exit status 0"
                        : failed + " scenario(s) failed or produced no figure (see the notes), exit status 1");
        return exit;
    }

    /** {@code options} plus C1 only ({@code -XX:TieredStopAtLevel=1}): less CPU spent compiling while starting. */
    static List<String> smokeJvmOptions(List<String> options) {
        List<String> smoke = new ArrayList<>(options);
        smoke.add("-XX:TieredStopAtLevel=1");
        return smoke;
    }

    /**
     * Why a scenario's figures do not count as measured, or null when they do: it returned none (skipped), or a
     * throughput of 0 (nothing got through, which would read as a figure).
     */
    static @Nullable String missingFigures(List<Figure> figures) {
        if (figures.isEmpty()) {
            return "no figure (skipped; see the note above)";
        }
        List<String> zero = figures.stream().filter(figure -> figure.unit().endsWith("/s") && figure.median() <= 0)
                .map(figure -> figure.subject() + " — " + figure.measure()).toList();
        return zero.isEmpty() ? null : "a throughput of 0: " + String.join(", ", zero);
    }

    /** The first line of an exception (and its causes'), for a one-line note; the stack trace is in the log. */
    static String summary(Throwable error) {
        Throwable root = error;
        while ((root instanceof CompletionException || root instanceof ExecutionException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("").strip();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return root.getClass().getSimpleName() + ": " + message;
    }

    private static Map<String, Supplier<Optional<Long>>> processes(LocalStack stack) {
        Map<String, Supplier<Optional<Long>>> processes = new LinkedHashMap<>();
        processes.put("ingest service", () -> stack.ingest().pid());
        processes.put("batch writer", () -> stack.writer().pid());
        processes.put("query service", () -> stack.query().pid());
        processes.put("Kafka broker", () -> stack.kafka().pid());
        PostgresNode postgres = stack.postgres();
        if (postgres != null) {
            processes.put("PostgreSQL postmaster", postgres::pid);
        }
        return processes;
    }

    /** Where the seed design's consumer is: the option, {@code $SEED_CONSUMER_DIR}, or the usual places. */
    private @Nullable Path seedConsumerSource(Path repository) {
        List<Path> candidates = new ArrayList<>();
        if (options.seedConsumer() != null) {
            return options.seedConsumer();
        }
        String fromEnvironment = System.getenv("SEED_CONSUMER_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        candidates.add(repository.resolve("benchmark/seed-node-consumer"));
        candidates.add(repository.resolve("../shared/peers/seed-node-consumer").normalize());
        return candidates.stream().filter(dir -> Files.isRegularFile(dir.resolve("consumer.js"))).findFirst()
                .orElse(null);
    }

    private static String postgresVersion(LocalStack stack) {
        try {
            return new Database(stack.database()).text("SHOW server_version");
        } catch (Exception e) {
            return "(version unknown)";
        }
    }

    private static void copyLogs(Path from, Path to, PrintStream log) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.println("Could not copy the stack's logs: " + e.getMessage());
        }
    }

    /** Charts a scenario drew of its own (the capacity ramp) go next to the run's {@code chart.svg}. */
    private static void copyCharts(Path from, Path to, PrintStream log) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".svg")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.println("Could not copy the scenarios' charts: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
