package io.tracking.benchmark.scenario;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.Percentiles;
import io.tracking.simulator.report.RunSummary;

/**
 * Freshness: from the 202 of a ping to the first moment the query service returns it as the driver's latest
 * position. Each probe is a fresh driver (so no later ping can hide it) whose position is polled every
 * {@value #POLL_MILLIS} ms right after the 202; probes start {@link BenchmarkSettings#probeSpacing()} apart while
 * the simulator sends background pings.
 */
final class FreshnessScenario implements Scenario {

    static final long POLL_MILLIS = 5;
    /** How long one probe waits for its ping to become queryable. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_MARGIN = Duration.ofSeconds(15);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        String logistics = context.logisticsToken();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        long backgroundAccepted = 0;
        int failedProbes = 0;
        double backgroundSeconds = 0;
        ScheduledExecutorService probes = Executors.newScheduledThreadPool(16);
        try {
            for (int run = 1; run <= settings.runs(); run++) {
                Duration window = settings.probeSpacing().multipliedBy(settings.freshnessProbes());
                BackgroundLoad background = BackgroundLoad.start(context,
                        window.plusSeconds(settings.isSmoke() ? 1 : 3));
                // let the background load reach its pace first (the smoke mode only needs it running)
                LockSupport.parkNanos(Duration.ofMillis(settings.isSmoke() ? 100 : 500).toNanos());
                String tag = BenchmarkContext.randomTag();
                List<ScheduledFuture<Double>> futures = new ArrayList<>();
                for (int i = 0; i < settings.freshnessProbes(); i++) {
                    String driverId = "fresh-" + tag + "-" + i;
                    futures.add(probes.schedule(() -> probe(context, driverId, logistics),
                            settings.probeSpacing().toMillis() * i, TimeUnit.MILLISECONDS));
                }
                List<Double> freshness = new ArrayList<>();
                // the last probe starts after the window and gives up after PROBE_TIMEOUT, its requests after 10 s
                long deadline = System.nanoTime() + window.plus(PROBE_TIMEOUT).plus(PROBE_MARGIN).toNanos();
                for (ScheduledFuture<Double> future : futures) {
                    try {
                        freshness.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                    } catch (ExecutionException e) {
                        failedProbes++;
                        context.log().println("  probe failed: " + e.getCause());
                    } catch (TimeoutException e) {
                        failedProbes++;
                        future.cancel(true);
                        context.log().println("  probe failed: no answer within " + PROBE_TIMEOUT.plus(PROBE_MARGIN)
                                .toSeconds() + " s of its start");
                    }
                }
                if (freshness.isEmpty()) {
                    throw new IllegalStateException("every freshness probe of run " + run + " failed");
                }
                RunSummary summary = background.finish();
                backgroundAccepted += summary.accepted();
                backgroundSeconds += summary.elapsedSeconds();
                double runP50 = Percentiles.of(freshness, 50);
                double runP99 = Percentiles.of(freshness, 99);
                context.log().printf(Locale.ROOT, "  run %d: %d probes, p50 %.0f ms, p99 %.0f ms (max %.0f ms); "
                        + "background %.0f pings/s%n", run, freshness.size(), runP50, runP99,
                        Percentiles.of(freshness, 100), summary.accepted() / summary.elapsedSeconds());
                p50.add(runP50);
                p99.add(runP99);
            }
        } finally {
            probes.shutdownNow();
        }
        if (failedProbes > 0) {
            context.note("freshness: " + failedProbes + " probes failed (not accepted or not queryable in time)");
        }
        String method = String.format(Locale.ROOT,
                "%d probes per run, %d ms apart, each a new driver: POST one ping, then GET its latest position every"
                        + " %d ms until it is that ping; under background load of %.0f pings/s achieved (simulator, "
                        + "%d drivers); the batch writer flushes at most every second",
                settings.freshnessProbes(), settings.probeSpacing().toMillis(), POLL_MILLIS,
                backgroundAccepted / Math.max(backgroundSeconds, 1e-9), settings.backgroundDrivers());
        return List.of(
                Figure.of("freshness.p50", "freshness (202 to queryable)", "p50", "ms", p50, method),
                Figure.of("freshness.p99", "freshness (202 to queryable)", "p99", "ms", p99, method));
    }

    /** Milliseconds from the 202 of a new ping to the first read that returns it (also the capacity ramp's probe). */
    static double probe(BenchmarkContext context, String driverId, String logistics) throws Exception {
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String body = String.format(Locale.ROOT, "{\"driverId\":\"%s\",\"latitude\":12.9716,\"longitude\":77.5946,"
                + "\"recordedAt\":\"%s\",\"accuracyMeters\":5.0}", driverId, recordedAt);
        HttpResponse<String> posted = context.postPing(driverId, body);
        long accepted = System.nanoTime();
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("probe ping answered " + posted.statusCode());
        }
        String url = context.stack().query().baseUrl() + "/api/v1/drivers/" + driverId + "/location";
        long deadline = accepted + PROBE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> read = context.http().get(url, logistics);
            long now = System.nanoTime();
            if (read.statusCode() == 200 && recordedAt.equals(recordedAt(read.body()))) {
                return (now - accepted) / 1e6;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        }
        throw new IllegalStateException("probe ping not queryable within " + PROBE_TIMEOUT.toSeconds() + " s");
    }

    private static Instant recordedAt(String body) {
        JsonNode json = MAPPER.readTree(body);
        JsonNode recordedAt = json.get("recordedAt");
        return recordedAt == null ? Instant.EPOCH : Instant.parse(recordedAt.asString());
    }
}
