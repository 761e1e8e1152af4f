package io.tracking.simulator.trips;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How well the trip engine did on a delivery run, against the ground truth: the {@code trips} member of the
 * delivery mode's {@code --summary-json} (field names are read by the benchmark: add fields, do not rename them).
 *
 * @param orders orders of the run
 * @param trueArrivals arrivals that really happened (two per order)
 * @param detectedArrivals true arrivals with an arrival event at or after them
 * @param missedArrivals true arrivals without one
 * @param falseArrivals arrival events before the driver was really there (a drive-by, noise) or for no such stop
 * @param repeatedEvents extra copies: an event id read more than once, or an order with more than one event of a
 *     type
 * @param driveBys passes of a stop without stopping that the trips contained
 * @param events trip events read (distinct ids)
 * @param etaUpdates ETA updates read
 * @param detectionDelaySeconds arrival event's {@code at} minus the true arrival, by event time
 * @param pipelineLatencyMs {@code detectedAt} minus the send time of the ping that decided the event, for the
 *     events a ping decided (not those the engine's stream-time timer completed)
 * @param etaErrors mean absolute error of the ETA predicted 10, 5 and 2 minutes before each true arrival
 * @param eventsPerSecond ping-derived events over the time from the first ping sent to the last event derived
 * @param pingsPerSecond pings sent over the replay's wall time
 * @param achievedSpeedup simulated time over wall time of the replay
 * @param complete whether every order's drop-off arrival was read before the timeout
 */
public record TripReport(
        int orders,
        int trueArrivals,
        int detectedArrivals,
        int missedArrivals,
        int falseArrivals,
        int repeatedEvents,
        int driveBys,
        long events,
        long etaUpdates,
        Percentiles detectionDelaySeconds,
        Percentiles pipelineLatencyMs,
        List<EtaError> etaErrors,
        double eventsPerSecond,
        double pingsPerSecond,
        double achievedSpeedup,
        boolean complete) {

    public TripReport {
        etaErrors = List.copyOf(etaErrors);
    }

    /** No missed, false or repeated event, and nothing still missing at the timeout. */
    @JsonProperty("passed")
    public boolean passed() {
        return missedArrivals == 0 && falseArrivals == 0 && repeatedEvents == 0 && complete;
    }

    /** The table printed after a delivery run. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        row(text, "orders", Integer.toString(orders));
        row(text, "true arrivals / detected", trueArrivals + " / " + detectedArrivals);
        row(text, "missed arrivals", Integer.toString(missedArrivals));
        row(text, "false arrivals", falseArrivals + " (drive-bys in the trips: " + driveBys + ")");
        row(text, "repeated events", Integer.toString(repeatedEvents));
        row(text, "detection delay s", String.format(Locale.ROOT, "p50 %.1f, p99 %.1f, max %.1f (n=%d)",
                detectionDelaySeconds.p50(), detectionDelaySeconds.p99(), detectionDelaySeconds.max(),
                detectionDelaySeconds.count()));
        row(text, "pipeline latency ms", String.format(Locale.ROOT, "p50 %.0f, p99 %.0f, max %.0f (n=%d)",
                pipelineLatencyMs.p50(), pipelineLatencyMs.p99(), pipelineLatencyMs.max(),
                pipelineLatencyMs.count()));
        for (EtaError error : etaErrors) {
            row(text, "ETA MAE " + error.minutesBefore() + " min out", String.format(Locale.ROOT, "%.0f s (n=%d)",
                    error.meanAbsoluteErrorSeconds(), error.samples()));
        }
        row(text, "events / ETA updates", events + " / " + etaUpdates);
        row(text, "events/s", String.format(Locale.ROOT, "%.1f", eventsPerSecond));
        row(text, "pings/s (speedup)", String.format(Locale.ROOT, "%.0f (%.1fx)", pingsPerSecond, achievedSpeedup));
        text.append(passed() ? "trips: OK" : complete ? "trips: FAILED" : "trips: FAILED (timed out)");
        return text.toString();
    }

    private static void row(StringBuilder text, String name, String value) {
        text.append(String.format(Locale.ROOT, "%-26s %s%n", name, value));
    }

    /**
     * Percentiles by nearest rank.
     *
     * @param count values
     * @param p50 median; 0 without values
     * @param p99 99th percentile
     * @param max largest
     */
    public record Percentiles(long count, double p50, double p99, double max) {

        static Percentiles of(List<Double> values) {
            if (values.isEmpty()) {
                return new Percentiles(0, 0, 0, 0);
            }
            List<Double> sorted = values.stream().sorted().toList();
            return new Percentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.99),
                    round(sorted.get(sorted.size() - 1)));
        }

        private static double rank(List<Double> sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.size()) - 1;
            return round(sorted.get(Math.max(0, index)));
        }

        private static double round(double value) {
            return Math.round(value * 10) / 10.0;
        }
    }

    /**
     * The ETA's error at one horizon.
     *
     * @param minutesBefore how long before the true arrival the ETA was predicted (within 30 s)
     * @param samples arrivals with an ETA that long before
     * @param meanAbsoluteErrorSeconds mean of |predicted arrival − true arrival|
     */
    public record EtaError(int minutesBefore, long samples, double meanAbsoluteErrorSeconds) {
    }
}
