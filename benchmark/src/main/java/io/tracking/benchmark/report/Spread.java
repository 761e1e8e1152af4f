package io.tracking.benchmark.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The median of repeated measurements and their range.
 *
 * @param median the middle value (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 */
public record Spread(double median, double min, double max) {

    /**
     * The spread of {@code values}.
     *
     * @throws IllegalArgumentException when there are no values or one is not a finite number
     */
    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        for (double value : sorted) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not a finite number: " + value);
            }
        }
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1));
    }

    /** {@code (max - min) / median}: how far apart the runs were, relative to the figure; 0 for a zero median. */
    public double relativeRange() {
        return median == 0 ? 0 : (max - min) / Math.abs(median);
    }
}
