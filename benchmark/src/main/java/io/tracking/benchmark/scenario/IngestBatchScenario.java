package io.tracking.benchmark.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tracking.benchmark.report.Figure;
import io.tracking.simulator.report.RunSummary;

/**
 * Pings per second through {@code POST /api/v1/locations/batch}: the simulator's closed model in {@code http-batch}
 * mode, 500 pings per request (the endpoint's limit), a few requests in flight. Latency is per request.
 */
final class IngestBatchScenario implements Scenario {

    static final int BATCH_SIZE = 500;

    @Override
    public String name() {
        return "ingest-batch";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        if (settings.isSmoke()) {
            context.primeIngest();
        }
        // warm-up: the first requests pay for JIT compilation of the batch path (none in the smoke mode)
        if (!settings.isSmoke()) {
            simulate(context, Math.min(settings.batchPings(), 10L * BATCH_SIZE));
        }
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        long failed = 0;
        for (int run = 1; run <= settings.runs(); run++) {
            RunSummary summary = simulate(context, settings.batchPings());
            double rate = summary.accepted() / summary.elapsedSeconds();
            context.log().printf(Locale.ROOT, "  run %d: %.0f pings/s, request p50 %.1f ms, p99 %.1f ms, %d errors%n",
                    run, rate, summary.latencyMs().p50(), summary.latencyMs().p99(),
                    summary.errors() + summary.rejected());
            failed += summary.errors() + summary.rejected();
            if (summary.accepted() == 0) {
                // a 0 pings/s figure would read as a measurement; it is a failure (see driver-simulator.log)
                throw new IllegalStateException("no batch ping of run " + run + " was accepted ("
                        + (summary.errors() + summary.rejected()) + " errors); see driver-simulator.log");
            }
            rates.add(rate);
            p50.add(summary.latencyMs().p50());
            p99.add(summary.latencyMs().p99());
        }
        if (failed > 0) {
            context.note("ingest batch: " + failed + " pings were not accepted over the runs");
        }
        String method = String.format(Locale.ROOT,
                "driver-simulator http-batch (closed model, in the benchmark JVM): %,d pings per run from %d drivers,"
                        + " %d pings per request, %d requests in flight; latency per request%s",
                settings.batchPings(), settings.batchDrivers(), BATCH_SIZE, settings.batchConcurrency(),
                settings.isSmoke() ? "; no warm-up" : "");
        return List.of(
                Figure.of("ingest.batch.rate", "ingest batch endpoint", "throughput", "pings/s", rates, method),
                Figure.of("ingest.batch.p50", "ingest batch endpoint", "p50 latency", "ms", p50, method),
                Figure.of("ingest.batch.p99", "ingest batch endpoint", "p99 latency", "ms", p99, method));
    }

    private static RunSummary simulate(BenchmarkContext context, long pings) throws Exception {
        BenchmarkSettings settings = context.settings();
        return context.simulator().run(List.of("--mode", "http-batch",
                "--ingest-url", context.stack().ingest().baseUrl(), "--jwt-secret", context.stack().jwtSecret(),
                "--drivers", Integer.toString(settings.batchDrivers()), "--total-pings", Long.toString(pings),
                "--batch-size", Integer.toString(BATCH_SIZE),
                "--concurrency", Integer.toString(settings.batchConcurrency()),
                "--driver-prefix", "batch-" + BenchmarkContext.randomTag() + "-"));
    }
}
