package io.tracking.simulator.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one progress line a second on stderr while a run is going, and a last one when closed. */
public final class ProgressPrinter implements AutoCloseable {

    private final RunStatistics statistics;
    private final PrintStream out;
    private final long startNanos;
    private final ScheduledExecutorService timer;
    private long lastNanos;
    private long lastCompleted;

    public ProgressPrinter(RunStatistics statistics, PrintStream out, long startNanos) {
        this.statistics = statistics;
        this.out = out;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulator-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void print() {
        long now = System.nanoTime();
        RunStatistics.Counts counts = statistics.counts();
        Latency latency = statistics.latency();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        double rate = (counts.completed() - lastCompleted) / seconds;
        lastNanos = now;
        lastCompleted = counts.completed();
        out.printf(Locale.ROOT,
                "[%5.0fs] %8.1f/s  sent %d  accepted %d  rejected %d  errors %d  in-flight %d  p50 %.1f ms  p99 %.1f ms%n",
                (now - startNanos) / 1e9, rate, counts.sent(), counts.accepted(), counts.rejected(), counts.errors(),
                counts.inFlight(), latency.p50(), latency.p99());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print();
    }
}
