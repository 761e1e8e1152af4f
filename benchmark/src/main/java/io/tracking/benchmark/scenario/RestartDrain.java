package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.tracking.benchmark.tool.DrainWatch;
import io.tracking.benchmark.tool.LoadedPings;
import io.tracking.benchmark.tool.PingLoader;
import io.tracking.contract.Topics;
import io.tracking.localstack.ServiceProcess;

/**
 * The batch writer draining a backlog right after a restart, as after a deploy or a crash: writer stopped (SIGTERM),
 * pings pre-loaded, writer JVM started. Its JIT and heap are cold during the whole drain (its first seconds run at a
 * fraction of the warm rate), so this is what a restart costs, not the writer's capacity, which
 * {@link WriterDrainScenario} measures on the running writer.
 */
final class RestartDrain {

    private RestartDrain() {
    }

    /**
     * One restart drain of the settings' drain pings; leaves the writer running.
     *
     * @param drain the drain, its rate from the first stored row to the last
     * @param startToDrained seconds from launching the JVM to the poll that saw the last row stored
     */
    record Result(DrainWatch.Drain drain, double startToDrained) {
    }

    static Result run(BenchmarkContext context, int run) throws Exception {
        BenchmarkSettings settings = context.settings();
        ServiceProcess writer = context.stack().writer();
        context.awaitWriterCaughtUp(Duration.ofMinutes(3));
        writer.stop();
        String prefix = "restart-" + BenchmarkContext.randomTag() + "-";
        LoadedPings loaded = new PingLoader(context.bootstrapServers()).load(Topics.LOCATION_UPDATES,
                PingLoader.Format.LOCATION_UPDATE, prefix, settings.drainDrivers(), settings.drainPings(), run);
        context.log().printf(Locale.ROOT, "  restart run %d: %,d pings pre-loaded in %.1f s; starting the writer%n",
                run, loaded.pings(), loaded.seconds());
        DrainWatch.Drain drain;
        double total;
        try (WriterBacklog backlog = WriterBacklog.open(context)) {
            long started = System.nanoTime();
            CompletableFuture<Void> start = CompletableFuture.runAsync(writer::start);
            drain = backlog.watch(loaded, start::isCompletedExceptionally);
            total = (System.nanoTime() - started) / 1e9;
            start.join();
            backlog.checkRows(loaded, "writer drain after a restart, run " + run);
        }
        context.log().printf(Locale.ROOT,
                "  restart run %d: %.0f rows/s (first row %.1f s after the start, drained after %.1f s)%n", run,
                drain.ratePerSecond(), drain.firstRowSeconds(), total);
        return new Result(drain, total);
    }
}
