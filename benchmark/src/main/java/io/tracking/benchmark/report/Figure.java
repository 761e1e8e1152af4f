package io.tracking.benchmark.report;

import java.util.List;

/**
 * One measured figure: every run's value, their median and range, and how it was measured.
 *
 * @param key stable identifier, used by {@link Ratio}s and scripts reading the JSON (e.g. {@code writer.drain.rate})
 * @param subject what was measured (e.g. "batch writer drain")
 * @param measure which aspect (e.g. "throughput", "p99 latency")
 * @param unit unit of the values (e.g. "rows/s", "ms", "MiB")
 * @param runs the value of each run, in run order
 * @param spread median and range of {@code runs}
 * @param method how the figure was obtained, in a few words
 */
public record Figure(String key, String subject, String measure, String unit, List<Double> runs, Spread spread,
        String method) {

    public Figure {
        runs = List.copyOf(runs);
    }

    /** A figure whose spread is computed from {@code runs}. */
    public static Figure of(String key, String subject, String measure, String unit, List<Double> runs,
            String method) {
        return new Figure(key, subject, measure, unit, runs, Spread.of(runs), method);
    }

    public double median() {
        return spread.median();
    }

    /** Whether this is a latency percentile ({@code ms}, measure starting with "p"), for the latency chart. */
    public boolean latencyPercentile() {
        return "ms".equals(unit) && measure.startsWith("p");
    }
}
