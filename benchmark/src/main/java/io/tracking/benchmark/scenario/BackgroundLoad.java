package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tracking.simulator.report.RunSummary;

/**
 * Steady background traffic for the latency probes: the simulator's open model, {@code drivers} drivers each
 * sending a single ping every {@code interval}, for a fixed time, on a thread of its own.
 *
 * <p>Its own thread, not {@code CompletableFuture.supplyAsync}: that runs on the common {@code ForkJoinPool}, whose
 * only worker on two cores (JDK 25) would then be blocked for the whole run while other code needs it.
 */
final class BackgroundLoad {

    /** The simulator's request timeout here: short, so that a stuck run gives up well within a minute. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Beyond its duration, how long the run may take: its last requests (request timeout + 10 s), a tick waiting
     * for a slot (request timeout + 5 s) and the clock stopping (5 s), with some to spare.
     */
    static final Duration FINISH_MARGIN = REQUEST_TIMEOUT.multipliedBy(2).plusSeconds(25);

    private final CompletableFuture<RunSummary> run;
    private final Duration limit;

    private BackgroundLoad(CompletableFuture<RunSummary> run, Duration limit) {
        this.run = run;
        this.limit = limit;
    }

    static BackgroundLoad start(BenchmarkContext context, Duration duration) {
        BenchmarkSettings settings = context.settings();
        Duration runFor = Duration.ofSeconds(Math.max(1, duration.toSeconds()));
        List<String> options = List.of("--mode", "http-single", "--ingest-url", context.stack().ingest().baseUrl(),
                "--jwt-secret", context.stack().jwtSecret(),
                "--drivers", Integer.toString(settings.backgroundDrivers()),
                "--interval-seconds", Double.toString(settings.backgroundInterval().toMillis() / 1e3),
                "--duration-seconds", Long.toString(runFor.toSeconds()),
                "--request-timeout-seconds", Long.toString(REQUEST_TIMEOUT.toSeconds()),
                "--concurrency", "64", "--driver-prefix", "background-" + BenchmarkContext.randomTag() + "-");
        CompletableFuture<RunSummary> run = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                run.complete(context.simulator().run(options));
            } catch (Exception e) {
                run.completeExceptionally(new IllegalStateException("background load failed: " + e.getMessage(), e));
            }
        }, "background-load");
        thread.setDaemon(true);
        thread.start();
        return new BackgroundLoad(run, runFor.plus(FINISH_MARGIN));
    }

    /**
     * Waits for the end of the background run and returns what it achieved.
     *
     * @throws IllegalStateException when it failed or did not end in time
     */
    RunSummary finish() throws InterruptedException {
        try {
            return run.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException failure ? failure
                    : new IllegalStateException("background load failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the background load (driver-simulator, open model) did not end within %d s of its start; "
                            + "see driver-simulator.log", limit.toSeconds()));
        }
    }
}
