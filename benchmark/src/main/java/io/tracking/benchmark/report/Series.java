package io.tracking.benchmark.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A value over time, for the throughput chart.
 *
 * @param key stable identifier
 * @param title legend text
 * @param unit unit of the values
 * @param points samples in time order, seconds from the start of the measurement
 */
public record Series(String key, String title, String unit, List<Point> points) {

    public Series {
        points = List.copyOf(points);
    }

    /**
     * The rate of a cumulative count: one point per {@code window} seconds, at the window's end, with the growth
     * inside the window divided by its length. A last window shorter than half a window is merged into the one
     * before, so that a few rows over a few milliseconds do not show as a spike. Samples must be in time order.
     */
    public static Series rateOf(String key, String title, String unit, List<Point> cumulative, double window) {
        List<Point> rates = new ArrayList<>();
        if (cumulative.size() < 2) {
            return new Series(key, title, unit, rates);
        }
        double start = cumulative.get(0).seconds();
        double end = cumulative.get(cumulative.size() - 1).seconds();
        double windowStart = start;
        double startValue = cumulative.get(0).value();
        int index = 0;
        while (windowStart < end) {
            double bound = Math.min(windowStart + window, end);
            if (end - bound < window / 2) {
                bound = end;
            }
            while (index + 1 < cumulative.size() && cumulative.get(index + 1).seconds() <= bound) {
                index++;
            }
            double value = cumulative.get(index).value();
            rates.add(new Point(bound - start, (value - startValue) / (bound - windowStart)));
            windowStart = bound;
            startValue = value;
        }
        return new Series(key, title, unit, rates);
    }

    /** The largest value, 0 when empty. */
    public double maxValue() {
        return points.stream().mapToDouble(Point::value).max().orElse(0);
    }

    /** The last time, 0 when empty. */
    public double maxSeconds() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).seconds();
    }

    /**
     * One sample.
     *
     * @param seconds time since the start of the measurement
     * @param value the value at that time
     */
    public record Point(double seconds, double value) {
    }
}
