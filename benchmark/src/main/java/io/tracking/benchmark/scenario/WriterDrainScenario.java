package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.report.Series;
import io.tracking.benchmark.report.Spread;
import io.tracking.benchmark.tool.DrainWatch;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.PingLoader;
import io.tracking.contract.Topics;
import io.tracking.localstack.ServiceProcess;

/**
 * How fast the batch writer drains a backlog into PostgreSQL, and what CPU that costs.
 *
 * <p>The headline figure measures the running, warmed-up writer: each run loads the pings inside one Kafka
 * transaction, which the writer's {@code read_committed} consumer cannot see until the commit; then the whole
 * backlog appears at once, and the benchmark follows the writer's stored positions ({@link WriterBacklog}) until it
 * is stored. The rate runs from the commit to the last stored row. Before the runs, an untimed warm-up (an ordinary
 * load, then one transactional drain, each stored completely) compiles the writer's hot path and sizes its heap, so
 * {@code --only writer-drain} on a fresh stack measures a warm writer too. During each run the CPU time of the
 * writer, PostgreSQL and the Kafka broker is read at the commit and when the backlog is stored ({@link DrainCpu}).
 * Afterwards the rows of the run's drivers are counted in {@code location_history} to check that every ping was
 * stored once.
 *
 * <p>A separate figure keeps the earlier method, a drain right after a restart ({@link RestartDrain}): a fresh JVM
 * drains with a cold JIT and heap, 2-3 times slower in its first seconds, so it says what a restart costs, not what
 * the writer can do. It runs first, so that the warm-up afterwards also warms the restarted writer.
 */
final class WriterDrainScenario implements Scenario {

    /**
     * Restart drains: each costs a JVM start (10-20 s on two cores) on top of the drain, and one shows the cost;
     * full mode only, which keeps the quick mode inside its 3 minutes.
     */
    private static final int RESTART_RUNS = 1;
    private static final long MIN_WARMUP_PINGS = 100_000;
    private static final String SUBJECT = "batch writer drain";

    @Override
    public String name() {
        return "writer-drain";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        ServiceProcess writer = context.stack().writer();
        List<RestartDrain.Result> restarts = new ArrayList<>();
        List<WarmRun> runs = new ArrayList<>();
        // the smoke mode only proves the drain runs to its figures: no warm-up (12 s of its minute on two cores)
        long warmupPings = settings.isSmoke() ? 0 : Math.max(MIN_WARMUP_PINGS, settings.drainPings() / 5);
        try {
            if (settings.isFull()) {
                for (int run = 1; run <= RESTART_RUNS; run++) {
                    restarts.add(RestartDrain.run(context, run));
                }
            } else {
                context.note("batch writer drain after a restart: measured in full mode only");
            }
            if (warmupPings > 0) {
                warmUp(context, writer, warmupPings);
            }
            for (int run = 1; run <= settings.runs(); run++) {
                runs.add(warmRun(context, writer, run));
            }
        } finally {
            // the scenarios after this one need a running writer, even when a run failed
            if (!writer.isAlive()) {
                context.log().println("  restarting the batch writer after a failed run");
                writer.start();
            }
        }
        WarmRun last = runs.get(runs.size() - 1);
        context.drainedFleet(last.loaded());
        context.addSeries(Series.rateOf("writer.drain", "batch writer (rows/s)", "rows/s",
                last.drain().fromFirstRow(), 1.0));
        if (!restarts.isEmpty()) {
            context.addSeries(Series.rateOf("writer.restart", "batch writer after a restart (rows/s)", "rows/s",
                    restarts.get(restarts.size() - 1).drain().fromFirstRow(), 1.0));
        }
        return figures(context, runs, warmupPings, restarts);
    }

    /**
     * Loads pings the ordinary way while the writer runs and waits until it stored them all, then drains the same
     * number once as the runs do (one transaction, untimed). The runs' path differs from a trickle (the whole
     * backlog at once, full polls, the writer's larger backlog flushes and buffers): after an ordinary warm-up alone,
     * the first quick-mode run still cost the writer 1.8 times the CPU per row of the two runs after it.
     */
    private static void warmUp(BenchmarkContext context, ServiceProcess writer, long pings) throws Exception {
        long started = System.nanoTime();
        new PingLoader(context.bootstrapServers()).load(Topics.LOCATION_UPDATES, PingLoader.Format.LOCATION_UPDATE,
                "warmup-" + BenchmarkContext.randomTag() + "-", context.settings().drainDrivers(), pings, 0);
        context.awaitWriterCaughtUp(Duration.ofMinutes(3));
        WarmRun transaction = drainInTransaction(context, writer, "warmup", pings, 0, "warm-up");
        context.log().printf(Locale.ROOT, "  warm-up: %,d pings loaded the ordinary way and %,d in one transaction"
                + " (drained at %.0f rows/s), all stored in %.1f s%n", pings, pings,
                transaction.drain().ratePerSecond(), (System.nanoTime() - started) / 1e9);
    }

    private static WarmRun warmRun(BenchmarkContext context, ServiceProcess writer, int run) throws Exception {
        WarmRun result = drainInTransaction(context, writer, "drain", context.settings().drainPings(), run,
                "run " + run);
        context.log().printf(Locale.ROOT,
                "  run %d: %,d pings loaded in one transaction in %.1f s; %.0f rows/s (first row %.2f s after the"
                        + " commit, drained after %.1f s); CPU s: writer %.1f (%.2f cores), PostgreSQL %.1f, Kafka"
                        + " %.1f%n", run, result.loaded().pings(), result.loaded().seconds(),
                result.drain().ratePerSecond(), result.firstRowSeconds(), result.seconds(), result.cpu().writer(),
                result.writerCores(), result.cpu().postgres(), result.cpu().kafka());
        return result;
    }

    /**
     * Once the writer caught up, loads {@code pings} pings of drivers {@code name-<tag>-...} in one transaction and
     * follows the writer from the commit until it stored them all, reading the CPU used in between; {@code label}
     * names the drain in a note about its row count.
     */
    private static WarmRun drainInTransaction(BenchmarkContext context, ServiceProcess writer, String name,
            long pings, int seed, String label) throws Exception {
        context.awaitWriterCaughtUp(Duration.ofMinutes(3));
        String tag = BenchmarkContext.randomTag();
        AtomicLong committedAt = new AtomicLong();
        AtomicReference<DrainCpu> atCommit = new AtomicReference<>();
        try (WriterBacklog backlog = WriterBacklog.open(context)) {
            LoadedPings loaded = new PingLoader(context.bootstrapServers()).loadInTransaction(
                    Topics.LOCATION_UPDATES, "benchmark-" + name + "-" + tag, PingLoader.Format.LOCATION_UPDATE,
                    name + "-" + tag + "-", context.settings().drainDrivers(), pings, seed, () -> {
                        committedAt.set(System.nanoTime());
                        atCommit.set(DrainCpu.read(context.stack()));
                    });
            long watching = System.nanoTime();
            DrainWatch.Drain drain = backlog.watch(loaded, () -> !writer.isAlive());
            DrainCpu used = DrainCpu.read(context.stack()).since(atCommit.get());
            double seconds = (System.nanoTime() - committedAt.get()) / 1e9;
            backlog.checkRows(loaded, "writer drain " + label);
            return new WarmRun(loaded, drain, (watching - committedAt.get()) / 1e9 + drain.firstRowSeconds(),
                    seconds, used);
        }
    }

    private static List<Figure> figures(BenchmarkContext context, List<WarmRun> runs, long warmupPings,
            List<RestartDrain.Result> restarts) {
        BenchmarkSettings settings = context.settings();
        double commitToDrained = Spread.of(values(runs, WarmRun::seconds)).median();
        // NaN for a drain that one poll saw whole (a small one, e.g. the smoke mode's): no first-to-last rate
        List<Double> firstToLastRates = values(runs, run -> run.drain().ratePerSecond()).stream()
                .filter(Double::isFinite).toList();
        String firstToLastRow = firstToLastRates.isEmpty() ? "not measured (one poll saw each drain whole)"
                : String.format(Locale.ROOT, "median %,.0f rows/s", Spread.of(firstToLastRates).median());
        String warmUp = warmupPings > 0 ? String.format(Locale.ROOT, "warmed up first, untimed: %,d pings the "
                + "ordinary way, as many in one transaction", warmupPings) : "no warm-up: a cold writer";
        String method = String.format(Locale.ROOT,
                "%,d pings from %,d drivers loaded on %s in one Kafka transaction per run while the batch writer"
                        + " kept running (%s), so its read_committed consumer got the whole backlog at the commit;"
                        + " rows/s from the return of commitTransaction() to the poll of its stored Kafka positions"
                        + " (every %d ms) that saw the last row stored, reading and storing the first flush"
                        + " included: median %.1f s; from its first stored row to its last: %s",
                settings.drainPings(), settings.drainDrivers(), Topics.LOCATION_UPDATES, warmUp,
                WriterBacklog.POLL.toMillis(), commitToDrained, firstToLastRow);
        String cpuMethod = String.format(Locale.ROOT,
                "the same runs: CPU time (user + system) from the return of commitTransaction() to the poll that saw"
                        + " the last row stored (median %.1f s), per million rows stored: the batch writer JVM"
                        + " (ProcessHandle totalCpuDuration), PostgreSQL = the postmaster and all its processes"
                        + " (/proc/<pid>/stat utime+stime+cutime+cstime, so exited backends count; includes the"
                        + " benchmark's position polls, one query per %d ms), the Kafka broker JVM; writer cores ="
                        + " writer CPU-s ÷ that wall time",
                commitToDrained, WriterBacklog.POLL.toMillis());
        String restartMethod = String.format(Locale.ROOT,
                "the earlier method: writer stopped (SIGTERM), %,d pings from %,d drivers pre-loaded on %s, writer"
                        + " JVM started, its JIT and heap cold during the whole drain; rows/s from its first to its"
                        + " last stored row; process start to drained = from launching the JVM to the poll that saw"
                        + " the last row stored",
                settings.drainPings(), settings.drainDrivers(), Topics.LOCATION_UPDATES);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of("writer.drain.rate", SUBJECT, "throughput", "rows/s",
                values(runs, WarmRun::ratePerSecond), method));
        addCpu(context, figures, "writer.drain.cpu", "writer CPU", "CPU-s/M rows",
                values(runs, run -> run.perMillionRows(run.cpu().writer())), cpuMethod);
        addCpu(context, figures, "writer.drain.cores", "writer cores used", "cores",
                values(runs, WarmRun::writerCores), cpuMethod);
        addCpu(context, figures, "writer.drain.postgres-cpu", "PostgreSQL CPU", "CPU-s/M rows",
                values(runs, run -> run.perMillionRows(run.cpu().postgres())), cpuMethod);
        addCpu(context, figures, "writer.drain.kafka-cpu", "Kafka broker CPU", "CPU-s/M rows",
                values(runs, run -> run.perMillionRows(run.cpu().kafka())), cpuMethod);
        if (!restarts.isEmpty()) {
            String restart = "batch writer drain after a restart";
            figures.add(Figure.of("writer.restart.rate", restart, "throughput", "rows/s",
                    values(restarts, result -> result.drain().ratePerSecond()), restartMethod));
            figures.add(Figure.of("writer.restart.drained", restart, "process start to drained", "s",
                    values(restarts, RestartDrain.Result::startToDrained), restartMethod));
        }
        return figures;
    }

    private static <T> List<Double> values(List<T> runs, ToDoubleFunction<T> value) {
        return runs.stream().mapToDouble(value).boxed().toList();
    }

    /** A CPU figure, or a note when a process's CPU time could not be read in some run. */
    private static void addCpu(BenchmarkContext context, List<Figure> figures, String key, String measure,
            String unit, List<Double> values, String method) {
        if (values.stream().allMatch(Double::isFinite)) {
            figures.add(Figure.of(key, SUBJECT, measure, unit, values, method));
        } else {
            context.note("batch writer drain: " + measure + " not measured (process CPU time not readable)");
        }
    }

    /**
     * One warm drain.
     *
     * @param loaded the pings loaded in the run's transaction
     * @param drain the writer's progress
     * @param firstRowSeconds from the commit to the first poll that saw rows stored
     * @param seconds from the commit to the poll that saw the last row stored
     * @param cpu CPU seconds used in that time
     */
    private record WarmRun(LoadedPings loaded, DrainWatch.Drain drain, double firstRowSeconds, double seconds,
            DrainCpu cpu) {

        /** Rows per second from the commit to drained. */
        double ratePerSecond() {
            return loaded.pings() / seconds;
        }

        double writerCores() {
            return cpu.writer() / seconds;
        }

        /** CPU seconds per million rows stored. */
        double perMillionRows(double cpuSeconds) {
            return cpuSeconds / (loaded.pings() / 1e6);
        }
    }
}
