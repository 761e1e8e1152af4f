package io.tracking.simulator.trips;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.tracking.simulator.delivery.BlockingHttp;
import io.tracking.simulator.delivery.Dispatcher;
import io.tracking.simulator.delivery.DriverTokens;
import io.tracking.simulator.delivery.HttpBatchPingSender;
import io.tracking.simulator.delivery.PingSender;
import io.tracking.simulator.report.AcceptedPositions;
import io.tracking.simulator.report.ProgressPrinter;
import io.tracking.simulator.report.RunStatistics;
import io.tracking.simulator.report.RunSummary;
import io.tracking.simulator.verify.Verification;

/**
 * The delivery mode: plans the orders and trips, registers the orders, waits until the trip engine confirmed each
 * assignment ({@code DRIVER_ASSIGNED}: fixes a driver sends before that are not the order's), replays the pings
 * through the ingest service, reads the trip events and ETAs back and evaluates them against the ground truth.
 *
 * <p><b>Time.</b> A 20–40 minute trip in real time would make every run that long, so trips are laid out in the past
 * and replayed faster than real time ({@link PingReplay}); the engine decides by event time, so its decisions are
 * those of a live run. But fixes recorded before an order's assignment are not the order's, and the query service
 * stamps the assignment with its own clock: orders registered there ({@code PUT /api/v1/orders/{id}}, the default)
 * can only be followed by trips from now on, in real time ({@code --speedup 1}). A faster replay publishes the
 * orders' snapshots straight onto the orders topic, assigned {@link DeliveryPlanner#MAX_TRIP} plus
 * {@link #PAST_MARGIN} ago, as the outbox relay would.
 */
public final class DeliveryRun {

    /** How long before now a replayed timeline ends at the latest. */
    static final Duration PAST_MARGIN = Duration.ofMinutes(2);
    /** Beyond the request timeout, how long to wait for a free request slot, then for the last outcomes. */
    private static final Duration SLOT_MARGIN = Duration.ofSeconds(5);
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);
    /** After the last awaited event, how long to keep reading for repeated ones the engine committed later. */
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);

    private final DeliveryOptions options;
    private final HttpClient http;
    private final JsonMapper mapper;
    private final PrintStream log;

    public DeliveryRun(DeliveryOptions options, HttpClient http, JsonMapper mapper, PrintStream log) {
        this.options = options;
        this.http = http;
        this.mapper = mapper;
        this.log = log;
    }

    /**
     * Runs it, prints the trip table on the log and writes the summary (the run's fields and {@code trips}: the
     * {@link TripReport}) to {@code summaryJson} when given.
     *
     * @throws IllegalStateException when an order is refused or the engine does not confirm the assignments
     */
    public RunSummary execute(@Nullable Path summaryJson) throws IOException, InterruptedException {
        List<DeliveryOrder> orders = DeliveryPlanner.orders(options.idPrefix(), options.orders(), options.area(),
                options.seed());
        Set<String> orderIds = orders.stream().map(DeliveryOrder::orderId).collect(Collectors.toSet());
        log.printf(Locale.ROOT, "driver-simulator: delivery, %d orders (ids %s*), speedup %.1fx, orders via %s%n",
                orders.size(), options.idPrefix(), options.speedup(),
                options.ordersViaKafka() ? "Kafka" : options.queryUrl());
        try (TripTopicsReader reader = new TripTopicsReader(options.bootstrapServers(), mapper, orderIds)) {
            Instant assignedAt = register(orders, reader);
            Instant origin = options.ordersViaKafka() ? assignedAt : latest(assignedAt, Instant.now());
            List<PlannedTrip> trips = DeliveryPlanner.trips(orders, origin.truncatedTo(ChronoUnit.MILLIS),
                    options.seed());
            List<TripTruth> truths = trips.stream().map(PlannedTrip::truth).toList();
            Path groundTruth = options.groundTruth();
            if (groundTruth != null) {
                mapper.writerWithDefaultPrettyPrinter().writeValue(groundTruth, truths);
            }

            RunStatistics statistics = new RunStatistics();
            long start = System.nanoTime();
            PingReplay.Result replay = replay(trips, statistics, start);
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            boolean complete = awaitEvents(reader, orders.size());
            TripReport report = TripEvaluation.evaluate(truths, reader.events(), reader.etas(), replay, complete);
            log.println(report.toText());
            if (reader.unreadable() > 0) {
                log.println("unreadable records of these orders on the trip topics (skipped): " + reader.unreadable());
            }

            RunSummary summary = summary(statistics, orders.size(), elapsedSeconds, report);
            if (summaryJson != null) {
                ObjectNode json = mapper.valueToTree(summary);
                json.set("trips", mapper.valueToTree(report));
                mapper.writerWithDefaultPrettyPrinter().writeValue(summaryJson, json);
            }
            return summary;
        }
    }

    /** Registers the orders and waits for the engine's {@code DRIVER_ASSIGNED} of each; returns the assignment. */
    private Instant register(List<DeliveryOrder> orders, TripTopicsReader reader) throws InterruptedException {
        Instant assignedAt;
        try (OrderRegistration registration = registration()) {
            assignedAt = registration.register(orders);
        }
        long deadline = System.nanoTime() + options.eventsTimeout().toNanos();
        while (reader.assigned() < orders.size() && System.nanoTime() < deadline) {
            reader.poll(POLL);
        }
        if (reader.assigned() < orders.size()) {
            throw new IllegalStateException("the trip engine confirmed the assignment of " + reader.assigned()
                    + " of " + orders.size() + " orders within " + options.eventsTimeout().toSeconds()
                    + " s: is trip-event-service running against " + options.bootstrapServers() + "?");
        }
        log.printf(Locale.ROOT, "%d orders registered and assigned%n", orders.size());
        return assignedAt;
    }

    private OrderRegistration registration() {
        if (options.ordersViaKafka()) {
            Instant assignedAt = Instant.now().minus(DeliveryPlanner.MAX_TRIP).minus(PAST_MARGIN)
                    .truncatedTo(ChronoUnit.MILLIS);
            return new KafkaOrderRegistration(options.bootstrapServers(), mapper, assignedAt,
                    options.requestTimeout());
        }
        return new QueryOrderRegistration(http, mapper, options.queryUrl(), options.jwtSecret(), options.tokenTtl(),
                options.requestTimeout());
    }

    private PingReplay.Result replay(List<PlannedTrip> trips, RunStatistics statistics, long start)
            throws InterruptedException {
        List<PingReplay.Upload> uploads = PingReplay.uploads(trips);
        log.printf(Locale.ROOT, "replaying %d pings in %d uploads%n",
                uploads.stream().mapToLong(upload -> upload.pings().size()).sum(), uploads.size());
        DriverTokens tokens = new DriverTokens(options.jwtSecret(), options.tokenTtl());
        try (BlockingHttp requests = new BlockingHttp(http, options.concurrency());
                PingSender sender = new InOrderPerDriver(new HttpBatchPingSender(requests, mapper,
                        options.ingestUrl(), tokens, options.requestTimeout()));
                ProgressPrinter progress = options.progress() ? new ProgressPrinter(statistics, log, start) : null) {
            Dispatcher dispatcher = new Dispatcher(sender, options.concurrency(), statistics, new AcceptedPositions(),
                    options.requestTimeout().plus(SLOT_MARGIN));
            PingReplay.Result result = new PingReplay(dispatcher, options.speedup()).run(uploads);
            if (!dispatcher.awaitIdle(options.requestTimeout().plus(DRAIN_MARGIN))) {
                statistics.abandonInFlight();
            }
            return result;
        }
    }

    /**
     * Reads until every order's drop-off arrival came or the events timeout passed, then until caught up with what
     * is committed (bounded), so that a repeated event committed after the awaited one is counted too.
     */
    private boolean awaitEvents(TripTopicsReader reader, int orders) {
        long deadline = System.nanoTime() + options.eventsTimeout().toNanos();
        while (reader.delivered() < orders && System.nanoTime() < deadline) {
            reader.poll(POLL);
        }
        long catchUpDeadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        do {
            reader.poll(POLL);
        } while (!reader.caughtUp() && System.nanoTime() < catchUpDeadline);
        return reader.delivered() == orders;
    }

    /**
     * The run's summary. Its verification counts arrivals: checked the true ones, matched those detected,
     * mismatched the false and repeated events, missing the missed arrivals, and errors 1 when the events did not
     * all come in time; it passes when the trips did.
     */
    private RunSummary summary(RunStatistics statistics, int orders, double elapsedSeconds, TripReport report) {
        RunStatistics.Counts counts = statistics.counts();
        Verification verification = new Verification(report.trueArrivals(), report.detectedArrivals(),
                report.falseArrivals() + report.repeatedEvents(), report.missedArrivals(), report.complete() ? 0 : 1);
        return new RunSummary("delivery", "replay", orders, options.concurrency(), counts.requests(), counts.sent(),
                counts.accepted(), counts.rejected(), counts.errors(), statistics.errorsByKind(),
                statistics.latency(), round(elapsedSeconds, 3),
                round(counts.completed() / Math.max(elapsedSeconds, 1e-9), 1), verification, null);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
