package io.tracking.benchmark.scenario;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Series;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.Database;
import io.tracking.benchmark.tool.DrainWatch;
import io.tracking.benchmark.tool.KafkaAdmin;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.PingLoader;
import io.tracking.benchmark.tool.SeedConsumer;

/**
 * The seed design's consumer (Node.js, kafkajs + pg, multi-row INSERT of 1,000 rows, no key) draining the same
 * number of pings from the same broker into the same PostgreSQL: its topic {@code driver_location_updates} and table
 * {@code driver_locations}, its message format. Its consumer group is moved to the end of the topic before each
 * load, since it subscribes with {@code fromBeginning: false}. Drained means its row count stood still for
 * {@link BenchmarkSettings#seedStall()}; the rate runs from its first inserted row to its last, as for the writer.
 * Its duplicates (rows beyond the distinct pings) and losses (distinct pings sent but not stored) are counted.
 */
final class SeedConsumerScenario implements Scenario {

    static final String TOPIC = "driver_location_updates";
    static final String GROUP = "location-consumers";
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration SHORT_OF_BACKLOG_STALL = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "seed";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        Path node = SeedConsumer.findNode().orElse(null);
        Path source = context.seedConsumerSource().orElse(null);
        if (node == null || source == null) {
            throw new ScenarioUnavailable("seed design not measured: " + (node == null ? "node is not installed"
                    : "the seed consumer was not found (--seed-consumer DIR)"));
        }
        BenchmarkSettings settings = context.settings();
        Path directory = context.seedConsumerDirectory(source);
        context.stack().kafka().createTopics(TOPIC);
        context.database().execute("CREATE TABLE IF NOT EXISTS driver_locations (driver_id text,"
                + " latitude double precision, longitude double precision, timestamp timestamptz)");
        PingLoader loader = new PingLoader(context.bootstrapServers());
        List<Double> rates = new ArrayList<>();
        List<Double> duplicates = new ArrayList<>();
        List<Double> lost = new ArrayList<>();
        List<Double> startToDrained = new ArrayList<>();
        for (int run = 1; run <= settings.runs(); run++) {
            context.database().execute("TRUNCATE driver_locations");
            try (KafkaAdmin admin = new KafkaAdmin(context.bootstrapServers())) {
                Map<TopicPartition, Long> end = admin.endOffsets(TOPIC);
                admin.moveGroup(GROUP, end, Duration.ofSeconds(60));
            }
            String prefix = "seed-" + BenchmarkContext.randomTag() + "-";
            LoadedPings loaded = loader.load(TOPIC, PingLoader.Format.SEED, prefix, settings.drainDrivers(),
                    settings.drainPings(), run);
            context.log().printf(Locale.ROOT, "  run %d: %,d pings pre-loaded in %.1f s; starting node consumer.js%n",
                    run, loaded.pings(), loaded.seconds());
            long started = System.nanoTime();
            DrainWatch.Drain drain;
            long failedInserts;
            try (SeedConsumer consumer = SeedConsumer.start(node, directory, context.bootstrapServers(),
                    context.database().libpqUrl(), context.workDirectory().resolve("seed-consumer.log"))) {
                context.memory().watch("seed consumer (node)", consumer::pid);
                // it may insert more rows than pings (duplicates), so the count never "reaches" a target: drained is
                // when it stops growing, sooner once every ping could be in
                long pings = loaded.pings();
                drain = DrainWatch.watch(consumer::insertedRows, Long.MAX_VALUE, POLL,
                        count -> count >= pings ? settings.seedStall() : SHORT_OF_BACKLOG_STALL,
                        Duration.ofMinutes(10), () -> !consumer.isConsuming());
                context.memory().sample();
                failedInserts = consumer.failedInserts();
            }
            double total = drain.lastGrowthSeconds();
            long[] counts = counts(context, prefix);
            long rows = counts[0];
            long distinct = counts[1];
            if (rows == 0) {
                throw new IllegalStateException("The seed consumer stored nothing; see logs/seed-consumer.log");
            }
            context.log().printf(Locale.ROOT,
                    "  run %d: %.0f rows/s (first row %.1f s after the start, last after %.1f s); %,d rows, "
                            + "%,d duplicates, %,d lost, %d failed inserts%n",
                    run, drain.ratePerSecond(), drain.firstRowSeconds(), total, rows, rows - distinct,
                    loaded.pings() - distinct, failedInserts);
            rates.add(drain.ratePerSecond());
            duplicates.add((double) (rows - distinct));
            lost.add((double) (loaded.pings() - distinct));
            startToDrained.add(total);
            if (run == settings.runs()) {
                context.addSeries(Series.rateOf("seed.drain", "seed design consumer (rows/s)", "rows/s",
                        drain.fromFirstRow(), 1.0));
            }
        }
        String method = String.format(Locale.ROOT,
                "the seed design's consumer.js (node %s, kafkajs + pg, unchanged) draining %,d pre-loaded pings from "
                        + "%s into driver_locations; rows/s from its first to its last inserted row (its own "
                        + "'Inserted N records' lines), drained = no new row for %.1f s once it inserted as many rows as pings (10 s before); process start to last row: "
                        + "median %.1f s; duplicates = rows − distinct pings, lost = pings sent − distinct pings stored",
                SeedConsumer.version(node), settings.drainPings(), TOPIC, settings.seedStall().toMillis() / 1e3,
                Spread.of(startToDrained).median());
        return List.of(
                Figure.of("seed.drain.rate", "seed design drain", "throughput", "rows/s", rates, method),
                Figure.of("seed.duplicates", "seed design drain", "duplicate rows", "rows", duplicates, method),
                Figure.of("seed.lost", "seed design drain", "lost pings", "pings", lost, method));
    }

    /** Rows of the run's drivers and distinct (driver, timestamp) among them. */
    private static long[] counts(BenchmarkContext context, String prefix) throws Exception {
        String checked = Database.checkedPrefix(prefix);
        try (Connection connection = context.database().open(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*), count(DISTINCT (driver_id, timestamp))"
                        + " FROM driver_locations WHERE starts_with(driver_id, '" + checked + "')")) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        }
    }
}
