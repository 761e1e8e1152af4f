package io.tracking.benchmark.tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of a small sample (probes), by the nearest-rank method. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The smallest value with at least {@code percentile} % of the values at or below it; 100 gives the maximum.
     *
     * @throws IllegalArgumentException for no values or a percentile outside (0, 100]
     */
    public static double of(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
