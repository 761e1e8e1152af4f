package io.tracking.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.auth.DevTokens;
import io.tracking.simulator.delivery.BlockingHttp;
import io.tracking.simulator.delivery.Dispatcher;
import io.tracking.simulator.delivery.DriverTokens;
import io.tracking.simulator.delivery.HttpBatchPingSender;
import io.tracking.simulator.delivery.HttpSinglePingSender;
import io.tracking.simulator.delivery.KafkaPingSender;
import io.tracking.simulator.delivery.PingSender;
import io.tracking.simulator.delivery.WsPingSender;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.load.ClosedLoad;
import io.tracking.simulator.load.DueTimeLoad;
import io.tracking.simulator.load.LoadModel;
import io.tracking.simulator.load.OpenLoad;
import io.tracking.simulator.load.PingRecorder;
import io.tracking.simulator.load.ReplayLoad;
import io.tracking.simulator.report.AcceptedPositions;
import io.tracking.simulator.report.FleetConnection;
import io.tracking.simulator.report.ProgressPrinter;
import io.tracking.simulator.report.RunStatistics;
import io.tracking.simulator.report.RunSummary;
import io.tracking.simulator.trips.DeliveryOptions;
import io.tracking.simulator.trips.DeliveryRun;
import io.tracking.simulator.verify.PositionVerifier;
import io.tracking.simulator.verify.Verification;

/** One run: wires the options into a sender, a load model and the reporting, runs it and builds the summary. */
final class SimulationRun {

    /** Beyond the request timeout, how long to wait for the last outcomes before counting them as unfinished. */
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);
    /** Beyond the request timeout, how long to wait for a free request slot before giving up the run. */
    private static final Duration SLOT_MARGIN = Duration.ofSeconds(5);
    private static final int VERIFY_CONCURRENCY = 16;

    private final SimulatorOptions options;
    private final PrintStream log;
    private final JsonMapper mapper = SimulatorJson.newMapper();

    SimulationRun(SimulatorOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    RunSummary execute() throws IOException, InterruptedException {
        ExecutorService httpExecutor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "simulator-http");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(min(options.requestTimeout(), Duration.ofSeconds(10)))
                    .executor(httpExecutor)
                    .build();
            return execute(http);
        } finally {
            httpExecutor.shutdownNow();
        }
    }

    private RunSummary execute(HttpClient http) throws IOException, InterruptedException {
        DeliveryOptions delivery = options.delivery();
        if (delivery != null) {
            return new DeliveryRun(delivery, http, mapper, log).execute(options.summaryJson());
        }
        RunStatistics statistics = new RunStatistics();
        AcceptedPositions positions = new AcceptedPositions();
        log.println(describe());
        double elapsedSeconds;
        FleetConnection connected = null;
        try (BlockingHttp requests = new BlockingHttp(http, options.concurrency());
                PingSender sender = sender(http, requests);
                PingRecorder recorder = options.recordFile() == null ? null
                        : PingRecorder.open(Objects.requireNonNull(options.recordFile()), mapper)) {
            LoadModel load = load(statistics, recorder);
            Dispatcher dispatcher = new Dispatcher(sender, options.concurrency(), statistics, positions,
                    options.requestTimeout().plus(SLOT_MARGIN));
            if (options.connectFirst() && sender instanceof WsPingSender streams) {
                connected = streams.open(driverIds(), options.concurrency());
                log.println(connected.toText());
            }
            long start = System.nanoTime();
            ProgressPrinter progress = options.progress() ? new ProgressPrinter(statistics, log, start) : null;
            try {
                load.run(dispatcher);
                if (!dispatcher.awaitIdle(options.requestTimeout().plus(DRAIN_MARGIN))) {
                    statistics.abandonInFlight();
                }
            } finally {
                if (progress != null) {
                    progress.close();
                }
            }
            elapsedSeconds = (System.nanoTime() - start) / 1e9;
        }
        Path expectFile = options.expectFile();
        if (expectFile != null) {
            positions.write(expectFile, mapper);
        }
        URI verifyUrl = options.verifyUrl();
        Verification verification = verifyUrl == null ? null : verify(http, verifyUrl, positions.all());

        RunStatistics.Counts counts = statistics.counts();
        RunSummary summary = new RunSummary(options.mode().cliName(), options.loadModel(),
                options.mode() == Mode.REPLAY ? positions.all().size() : options.drivers(), options.concurrency(),
                counts.requests(), counts.sent(), counts.accepted(), counts.rejected(), counts.errors(),
                statistics.errorsByKind(), statistics.latency(), round(elapsedSeconds, 3),
                round(counts.completed() / Math.max(elapsedSeconds, 1e-9), 1), verification, connected);
        Path summaryJson = options.summaryJson();
        if (summaryJson != null) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(summaryJson, summary);
        }
        return summary;
    }

    /** The ids of the fleet's drivers, as {@link Fleet#create} names them. */
    private List<String> driverIds() {
        List<String> ids = new ArrayList<>(options.drivers());
        for (int i = 0; i < options.drivers(); i++) {
            ids.add(Fleet.driverId(options.driverPrefix(), i, options.drivers()));
        }
        return ids;
    }

    private String describe() {
        String load = switch (options.loadModel()) {
            case "closed" -> options.totalPings() + " pings over " + options.drivers() + " drivers";
            case "open" -> String.format(Locale.ROOT, "%d drivers every %.2f s for %.1f s (target %.1f pings/s)",
                    options.drivers(), options.interval().toMillis() / 1e3, options.duration().toMillis() / 1e3,
                    options.drivers() / (options.interval().toMillis() / 1e3));
            default -> "pings of " + options.replayFile();
        };
        String target = options.sendsToKafka()
                ? "Kafka " + options.bootstrapServers() + " topic " + options.topic()
                : options.ingestUrl().toString();
        String prefix = options.mode() == Mode.REPLAY ? "" : ", driver ids " + options.driverPrefix() + "*";
        return "driver-simulator: " + options.mode().cliName() + " to " + target + ", " + load + ", concurrency "
                + options.concurrency() + prefix;
    }

    private PingSender sender(HttpClient http, BlockingHttp requests) {
        if (options.sendsToKafka()) {
            return KafkaPingSender.create(options.bootstrapServers(), options.topic(), mapper,
                    options.requestTimeout());
        }
        if (options.mode() == Mode.WS) {
            return WsPingSender.create(options.ingestUrl(), options.jwtSecret(), options.tokenTtl(),
                    options.requestTimeout(), options.wsSourceAddresses(), log);
        }
        DriverTokens tokens = new DriverTokens(options.jwtSecret(), options.tokenTtl());
        return options.mode() == Mode.HTTP_BATCH
                ? new HttpBatchPingSender(requests, mapper, options.ingestUrl(), tokens, options.requestTimeout())
                : new HttpSinglePingSender(requests, mapper, options.ingestUrl(), tokens, options.requestTimeout());
    }

    private LoadModel load(RunStatistics statistics, @Nullable PingRecorder recorder) {
        if (options.mode() == Mode.REPLAY) {
            return new ReplayLoad(Objects.requireNonNull(options.replayFile()), mapper, statistics);
        }
        Fleet fleet = Fleet.create(options.driverPrefix(), options.drivers(), options.area(), options.seed());
        int batchSize = options.mode() == Mode.HTTP_BATCH ? options.batchSize() : 1;
        Long totalPings = options.totalPings();
        if (totalPings != null) {
            return new ClosedLoad(fleet, totalPings, batchSize, options.interval(), recorder);
        }
        return options.mode() == Mode.WS
                ? new DueTimeLoad(fleet, options.interval(), options.duration(), recorder)
                : new OpenLoad(fleet, options.interval(), options.duration(), batchSize, recorder);
    }

    private Verification verify(HttpClient http, URI verifyUrl, List<Ping> accepted) throws InterruptedException {
        List<Ping> sample = new ArrayList<>(accepted);
        if (!options.verifyAll() && sample.size() > options.verifySample()) {
            Collections.shuffle(sample, new Random(options.seed()));
            sample = sample.subList(0, options.verifySample());
        }
        log.println("verifying " + sample.size() + " drivers against " + verifyUrl);
        String token = DevTokens.mint(options.jwtSecret(), "simulator", List.of("logistics"), options.tokenTtl());
        return new PositionVerifier(http, mapper, verifyUrl, token, options.requestTimeout(),
                options.verifyTimeout(), VERIFY_CONCURRENCY).verify(sample, log);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
