package io.tracking.simulator.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.tracking.simulator.verify.Verification;

/**
 * The result of a run, printed on stdout and written as JSON with {@code --summary-json} (field names are a
 * contract with the benchmark script: add fields, do not rename them).
 *
 * @param mode {@code http-single}, {@code http-batch}, {@code kafka} or {@code replay}
 * @param loadModel {@code open}, {@code closed} or {@code replay}
 * @param drivers simulated drivers (for a replay: drivers with an accepted ping)
 * @param concurrency the bound on requests in flight
 * @param requests requests (HTTP calls or Kafka records) made
 * @param sent pings sent
 * @param accepted pings accepted (202, per-item accepted, or acknowledged by the broker)
 * @param rejected pings refused as invalid
 * @param errors pings whose request failed; the run fails when this is not 0
 * @param errorsByKind errors by status ({@code http-503}) or exception ({@code ConnectException})
 * @param latencyMs request latency in milliseconds
 * @param elapsedSeconds from the first request to the last outcome
 * @param ratePerSecond pings completed per second over {@code elapsedSeconds}
 * @param verification the read-back check, when one was asked for
 * @param connected the ws mode's fleet connected before the run ({@code --connect-first}); null otherwise
 */
public record RunSummary(
        String mode,
        String loadModel,
        int drivers,
        int concurrency,
        long requests,
        long sent,
        long accepted,
        long rejected,
        long errors,
        Map<String, Long> errorsByKind,
        Latency latencyMs,
        double elapsedSeconds,
        double ratePerSecond,
        @Nullable Verification verification,
        @Nullable FleetConnection connected) {

    /** Whether the run succeeded: no errors, and verification (if any) passed. */
    @JsonProperty("successful")
    public boolean successful() {
        return errors == 0 && (verification == null || verification.passed());
    }

    /** The human-readable summary. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "mode %s%s, %d drivers, concurrency %d%n", mode,
                mode.equals(loadModel) ? "" : " (" + loadModel + " model)", drivers, concurrency));
        text.append(String.format(Locale.ROOT, "pings sent %d, accepted %d, rejected %d, errors %d (in %d requests)%n",
                sent, accepted, rejected, errors, requests));
        if (!errorsByKind.isEmpty()) {
            text.append("errors by kind: ").append(errorsByKind.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(Collectors.joining(", "))).append(System.lineSeparator());
        }
        text.append(String.format(Locale.ROOT, "latency ms: p50 %.2f, p95 %.2f, p99 %.2f, max %.2f, mean %.2f%n",
                latencyMs.p50(), latencyMs.p95(), latencyMs.p99(), latencyMs.max(), latencyMs.mean()));
        if (connected != null) {
            text.append(connected.toText()).append(System.lineSeparator());
        }
        text.append(String.format(Locale.ROOT, "elapsed %.2f s, achieved rate %.1f pings/s%n",
                elapsedSeconds, ratePerSecond));
        if (verification != null) {
            text.append(String.format(Locale.ROOT,
                    "verification: %d checked, %d matched, %d mismatched, %d missing, %d errors: %s%n",
                    verification.checked(), verification.matched(), verification.mismatched(),
                    verification.missing(), verification.errors(), verification.passed() ? "PASSED" : "FAILED"));
        }
        text.append(successful() ? "result: OK" : "result: FAILED");
        return text.toString();
    }
}
