package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Series;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.DrainWatch;
import io.tracking.benchmark.tool.KafkaAdmin;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.PingLoader;
import io.tracking.contract.Topics;
import io.tracking.localstack.ServiceProcess;

/**
 * How fast the batch writer drains a backlog into PostgreSQL: with the writer stopped, pings are pre-loaded onto the
 * location topic; then the writer starts and the benchmark follows its stored positions
 * ({@code kafka_consumer_positions}, committed in the same transaction as the rows, so they count stored rows
 * exactly and cost nothing to read) until the backlog is stored. The rate runs from the first stored row to the
 * last, which keeps JVM start-up out of it. Afterwards the rows of the run's drivers are counted in
 * {@code location_history} to check that every ping was stored once.
 */
final class WriterDrainScenario implements Scenario {

    private static final Duration POLL = Duration.ofMillis(50);

    @Override
    public String name() {
        return "writer-drain";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        ServiceProcess writer = context.stack().writer();
        List<Double> rates = new ArrayList<>();
        List<Double> startToDrained = new ArrayList<>();
        try {
            for (int run = 1; run <= settings.runs(); run++) {
                DrainWatch.Drain drain = drainOnce(context, writer, run, startToDrained);
                rates.add(drain.ratePerSecond());
                if (run == settings.runs()) {
                    context.addSeries(Series.rateOf("writer.drain", "batch writer (rows/s)", "rows/s",
                            drain.fromFirstRow(), 1.0));
                }
            }
        } finally {
            // the scenarios after this one need a running writer, even when a run failed
            if (!writer.isAlive()) {
                context.log().println("  restarting the batch writer after a failed run");
                writer.start();
            }
        }
        String method = String.format(Locale.ROOT,
                "%,d pings from %,d drivers pre-loaded on %s while the writer was stopped, then the writer started;"
                        + " rows/s from its first to its last stored row (its stored Kafka positions, polled every"
                        + " %d ms); process start to drained: median %.1f s",
                settings.drainPings(), settings.drainDrivers(), Topics.LOCATION_UPDATES, POLL.toMillis(),
                Spread.of(startToDrained).median());
        return List.of(Figure.of("writer.drain.rate", "batch writer drain", "throughput", "rows/s", rates, method));
    }

    private static DrainWatch.Drain drainOnce(BenchmarkContext context, ServiceProcess writer, int run,
            List<Double> startToDrained) throws Exception {
        BenchmarkSettings settings = context.settings();
        context.awaitWriterCaughtUp(Duration.ofMinutes(3));
        writer.stop();
        Map<TopicPartition, Long> before;
        try (KafkaAdmin admin = new KafkaAdmin(context.bootstrapServers())) {
            before = admin.endOffsets(Topics.LOCATION_UPDATES);
        }
        String prefix = "drain-" + BenchmarkContext.randomTag() + "-";
        LoadedPings loaded = new PingLoader(context.bootstrapServers()).load(Topics.LOCATION_UPDATES,
                PingLoader.Format.LOCATION_UPDATE, prefix, settings.drainDrivers(), settings.drainPings(), run);
        context.log().printf(Locale.ROOT, "  run %d: %,d pings pre-loaded in %.1f s; starting the writer%n", run,
                loaded.pings(), loaded.seconds());
        long started = System.nanoTime();
        CompletableFuture<Void> start = CompletableFuture.runAsync(writer::start);
        DrainWatch.Drain drain = DrainWatch.watch(() -> stored(context, before), loaded.pings(), POLL,
                Duration.ofSeconds(60), Duration.ofMinutes(10), start::isCompletedExceptionally);
        double total = (System.nanoTime() - started) / 1e9;
        start.join();
        if (!drain.reachedTarget()) {
            throw new IllegalStateException("The writer stored " + drain.rows() + " of " + loaded.pings()
                    + " pings and then stopped making progress");
        }
        long rows = context.database().number(
                "SELECT count(*) FROM location_history WHERE starts_with(driver_id, ?)", prefix);
        if (rows != loaded.pings()) {
            context.note("writer drain run " + run + ": " + rows + " rows stored for " + loaded.pings()
                    + " distinct pings");
        }
        context.log().printf(Locale.ROOT,
                "  run %d: %.0f rows/s (first row %.1f s after the start, drained after %.1f s)%n", run,
                drain.ratePerSecond(), drain.firstRowSeconds(), total);
        startToDrained.add(total);
        context.drainedFleet(loaded);
        return drain;
    }

    /** Records stored since {@code before}: the writer's positions minus the end offsets before the load. */
    private static long stored(BenchmarkContext context, Map<TopicPartition, Long> before) throws Exception {
        Map<TopicPartition, Long> positions = context.writerPositions();
        long stored = 0;
        for (Map.Entry<TopicPartition, Long> start : before.entrySet()) {
            stored += Math.max(0, positions.getOrDefault(start.getKey(), start.getValue()) - start.getValue());
        }
        return stored;
    }
}
