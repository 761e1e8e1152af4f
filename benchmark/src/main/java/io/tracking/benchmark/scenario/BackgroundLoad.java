package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.tracking.simulator.report.RunSummary;

/**
 * Steady background traffic for the latency probes: the simulator's open model, {@code drivers} drivers each
 * sending a single ping every {@code interval}, for a fixed time, on a thread of its own.
 */
final class BackgroundLoad {

    private final CompletableFuture<RunSummary> run;

    private BackgroundLoad(CompletableFuture<RunSummary> run) {
        this.run = run;
    }

    static BackgroundLoad start(BenchmarkContext context, Duration duration) {
        BenchmarkSettings settings = context.settings();
        List<String> options = List.of("--mode", "http-single", "--ingest-url", context.stack().ingest().baseUrl(),
                "--jwt-secret", context.stack().jwtSecret(),
                "--drivers", Integer.toString(settings.backgroundDrivers()),
                "--interval-seconds", Double.toString(settings.backgroundInterval().toMillis() / 1e3),
                "--duration-seconds", Long.toString(Math.max(1, duration.toSeconds())),
                "--concurrency", "64", "--driver-prefix", "background-" + BenchmarkContext.randomTag() + "-");
        return new BackgroundLoad(CompletableFuture.supplyAsync(() -> {
            try {
                return context.simulator().run(options);
            } catch (Exception e) {
                throw new IllegalStateException("background load failed", e);
            }
        }));
    }

    /** Waits for the end of the background run and returns what it achieved. */
    RunSummary finish() {
        return run.join();
    }
}
