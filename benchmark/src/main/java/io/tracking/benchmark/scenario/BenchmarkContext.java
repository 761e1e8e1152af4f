package io.tracking.benchmark.scenario;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import io.tracking.auth.DevTokens;
import io.tracking.benchmark.report.Series;
import io.tracking.benchmark.tool.CommittedBacklog;
import io.tracking.benchmark.tool.Database;
import io.tracking.benchmark.tool.Http;
import io.tracking.benchmark.tool.KafkaAdmin;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.MemorySampler;
import io.tracking.benchmark.tool.SeedConsumer;
import io.tracking.benchmark.tool.Simulator;
import io.tracking.benchmark.tool.Wrk;
import io.tracking.contract.Topics;
import io.tracking.localstack.LocalStack;

/**
 * What the scenarios share: the running stack, the settings, the tools, and what one scenario leaves for the next
 * (the drained fleet that the COPY and query figures reuse). Series and notes collected here end up in the results.
 */
public final class BenchmarkContext {

    /** The batch writer's consumer group (its {@code TRACKING_WRITER_GROUP_ID} default). */
    static final String WRITER_GROUP = "location-batch-writer";
    private static final Duration TOKEN_TTL = Duration.ofHours(6);
    private static final String SEED_CONSUMER_DIRECTORY = "seed-node-consumer";
    private static final Duration SEED_CONSUMER_PREPARATION_LIMIT = Duration.ofMinutes(11);

    private final LocalStack stack;
    private final BenchmarkSettings settings;
    private final Path workDirectory;
    private final Path cacheDirectory;
    private final @Nullable Path seedConsumerSource;
    private final PrintStream log;
    private final Http http = new Http();
    private final Database database;
    private final Simulator simulator;
    private final @Nullable Wrk wrk;
    private final String noWrkReason;
    private final MemorySampler memory;
    private final List<Series> series = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private @Nullable LoadedPings drainedFleet;
    private @Nullable Future<Path> seedConsumerPreparation;

    /**
     * @param wrk the wrk to measure with; null to measure with the Java generators instead
     * @param noWrkReason why there is no wrk (for the method notes), e.g. {@code wrk is not installed}
     */
    public BenchmarkContext(LocalStack stack, BenchmarkSettings settings, Path workDirectory, Path cacheDirectory,
            @Nullable Path seedConsumerSource, PrintStream log, @Nullable Wrk wrk, String noWrkReason,
            MemorySampler memory) {
        this.stack = stack;
        this.settings = settings;
        this.workDirectory = workDirectory;
        this.cacheDirectory = cacheDirectory;
        this.seedConsumerSource = seedConsumerSource;
        this.log = log;
        this.wrk = wrk;
        this.noWrkReason = noWrkReason;
        this.memory = memory;
        this.database = new Database(stack.database());
        this.simulator = new Simulator(workDirectory);
    }

    public LocalStack stack() {
        return stack;
    }

    public BenchmarkSettings settings() {
        return settings;
    }

    /** Scratch space of this run (scripts, payload files, tool logs); deleted with the stack directory. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Kept between runs (the seed consumer's {@code node_modules}). */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    public Optional<Path> seedConsumerSource() {
        return Optional.ofNullable(seedConsumerSource);
    }

    /**
     * Copies the seed consumer from {@code source} next to its {@code node_modules} in the cache directory, running
     * {@code npm install} when they are missing, on a thread of its own: started before the stack, so that on a fresh
     * machine the install overlaps the stack's start. {@link #seedConsumerDirectory(Path)} waits for it.
     */
    public static Future<Path> prepareSeedConsumer(Path source, Path cacheDirectory, PrintStream log) {
        CompletableFuture<Path> prepared = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                prepared.complete(SeedConsumer.prepare(source, cacheDirectory.resolve(SEED_CONSUMER_DIRECTORY), log));
            } catch (Exception e) {
                prepared.completeExceptionally(e);
            }
        }, "seed-consumer-prepare");
        thread.setDaemon(true);
        thread.start();
        return prepared;
    }

    /** The preparation {@link #prepareSeedConsumer} started for {@link #seedConsumerSource()}. */
    public void seedConsumerPreparation(Future<Path> preparation) {
        this.seedConsumerPreparation = preparation;
    }

    /**
     * The directory to run the seed consumer in: the one prepared in the background (waited for, bounded by npm's own
     * 10-minute limit and a minute more), else prepared now.
     */
    public Path seedConsumerDirectory(Path source) throws Exception {
        Future<Path> preparation = seedConsumerPreparation;
        if (preparation == null) {
            return SeedConsumer.prepare(source, cacheDirectory.resolve(SEED_CONSUMER_DIRECTORY), log);
        }
        try {
            return preparation.get(SEED_CONSUMER_PREPARATION_LIMIT.toMinutes(), TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("the seed consumer's preparation (copy, npm install) did not finish within "
                    + SEED_CONSUMER_PREPARATION_LIMIT.toMinutes() + " minutes");
        }
    }

    public PrintStream log() {
        return log;
    }

    public Http http() {
        return http;
    }

    public Database database() {
        return database;
    }

    public Simulator simulator() {
        return simulator;
    }

    public Optional<Wrk> wrk() {
        return Optional.ofNullable(wrk);
    }

    /** Why {@link #wrk()} is empty, for the method notes of the figures the Java generators measured. */
    public String noWrkReason() {
        return noWrkReason;
    }

    public MemorySampler memory() {
        return memory;
    }

    public String bootstrapServers() {
        return stack.kafka().bootstrapServers();
    }

    public void addSeries(Series one) {
        series.add(one);
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    public void note(String note) {
        notes.add(note);
        log.println("note: " + note);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The fleet of the last writer drain run: every driver has a stored latest position. */
    public Optional<LoadedPings> drainedFleet() {
        return Optional.ofNullable(drainedFleet);
    }

    void drainedFleet(LoadedPings fleet) {
        this.drainedFleet = fleet;
    }

    public String driverToken(String driverId) {
        return DevTokens.mint(stack.jwtSecret(), driverId, List.of("driver"), TOKEN_TTL);
    }

    public String logisticsToken() {
        return DevTokens.mint(stack.jwtSecret(), "benchmark-logistics", List.of("logistics"), TOKEN_TTL);
    }

    public String customerToken(String customerId) {
        return DevTokens.mint(stack.jwtSecret(), customerId, List.of("customer"), TOKEN_TTL);
    }

    public String dispatchToken() {
        return DevTokens.mint(stack.jwtSecret(), "benchmark-dispatch", List.of("dispatch"), TOKEN_TTL);
    }

    /**
     * Registers or updates an order (as dispatch) with fixed pickup and drop-off points.
     *
     * @throws IllegalStateException when the query service does not answer 2xx
     */
    public void putOrder(String orderId, String driverId, String customerId, String status) throws Exception {
        String body = String.format(Locale.ROOT, "{\"driverId\":\"%s\",\"customerId\":\"%s\","
                + "\"restaurantId\":\"bench-restaurant\",\"pickup\":{\"latitude\":12.97,\"longitude\":77.59},"
                + "\"dropoff\":{\"latitude\":12.99,\"longitude\":77.61},\"status\":\"%s\"}", driverId, customerId,
                status);
        HttpResponse<String> response = http().send("PUT", stack.query().baseUrl() + "/api/v1/orders/" + orderId,
                dispatchToken(), body);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT order answered " + response.statusCode());
        }
    }

    /**
     * Posts one ping and returns the response: the 202, or the last refusal after retrying a 503 as a phone would
     * (Kafka did not acknowledge in time; {@code Retry-After}), at most five times.
     */
    public HttpResponse<String> postPing(String driverId, String json) throws Exception {
        String token = driverToken(driverId);
        HttpResponse<String> response = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            response = http.send("POST", stack.ingest().baseUrl() + "/api/v1/locations", token, json);
            if (response.statusCode() != 503) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return response;
    }

    /**
     * The smoke mode's stand-in for a warm-up: one ping through the ingest service before its first measured
     * requests, a 503 retried ({@link #postPing}: at most five attempts, each bounded by the client's 10 s), so that
     * they do not all pay for its producer's first metadata fetch on a busy machine. A refusal is only logged: the
     * measured run then shows it.
     */
    public void primeIngest() {
        String driverId = "prime-" + randomTag();
        String body = "{\"driverId\":\"" + driverId + "\",\"latitude\":12.9716,\"longitude\":77.5946,"
                + "\"recordedAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\"}";
        try {
            HttpResponse<String> response = postPing(driverId, body);
            if (response.statusCode() != 202) {
                log.println("  priming ping answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.println("  priming ping failed: " + e);
        }
    }

    /** Six random lower-case letters and digits, to keep the driver ids of every run apart. */
    public static String randomTag() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            tag.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return tag.toString();
    }

    /**
     * The batch writer's stored positions on the location topic (its source of truth, committed with the rows): the
     * offset of the last record it stored + 1, per partition; partitions it never wrote to are absent.
     */
    public Map<TopicPartition, Long> writerPositions() throws SQLException {
        try (Connection connection = database.open()) {
            return writerPositions(connection);
        }
    }

    /** As {@link #writerPositions()}, over an open connection (a drain polls every 50 ms: no connection each time). */
    public Map<TopicPartition, Long> writerPositions(Connection connection) throws SQLException {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT partition_id, next_offset FROM kafka_consumer_positions
                WHERE consumer_group = ? AND topic = ?""")) {
            select.setString(1, WRITER_GROUP);
            select.setString(2, Topics.LOCATION_UPDATES);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.put(new TopicPartition(Topics.LOCATION_UPDATES, rows.getInt(1)), rows.getLong(2));
                }
            }
        }
        return positions;
    }

    /**
     * Waits until the writer stored everything on the location topic, so that a measurement starts clean. A
     * partition whose end offset lies beyond the writer's position counts as behind only if a record its
     * {@code read_committed} consumer would receive lies there: after a transactional load the end offset is one
     * beyond the last record (the commit marker), which the writer's position never reaches.
     */
    public void awaitWriterCaughtUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaAdmin admin = new KafkaAdmin(bootstrapServers());
                CommittedBacklog backlog = new CommittedBacklog(bootstrapServers())) {
            while (true) {
                Map<TopicPartition, Long> ends = admin.endOffsets(Topics.LOCATION_UPDATES);
                Map<TopicPartition, Long> positions = writerPositions();
                Set<TopicPartition> behind = backlog.behind(ends, positions, Duration.ofSeconds(2));
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    long offsets = behind.stream()
                            .mapToLong(partition -> ends.get(partition) - positions.getOrDefault(partition, 0L)).sum();
                    throw new TimeoutException("The batch writer is still behind on " + behind + " (" + offsets
                            + " offsets short of the end)");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
        }
    }
}
