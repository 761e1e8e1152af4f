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
     * inside the window divided by its length. Samples must be in time order.
     */
    public static Series rateOf(String key, String title, String unit, List<Point> cumulative, double window) {
        List<Point> rates = new ArrayList<>();
        if (cumulative.size() < 2) {
            return new Series(key, title, unit, rates);
        }
        double start = cumulative.get(0).seconds();
        double end = cumulative.get(cumulative.size() - 1).seconds();
        double previousValue = cumulative.get(0).value();
        int index = 0;
        for (double windowEnd = start + window; windowEnd < end + window; windowEnd += window) {
            double bound = Math.min(windowEnd, end);
            while (index + 1 < cumulative.size() && cumulative.get(index + 1).seconds() <= bound) {
                index++;
            }
            double value = cumulative.get(index).value();
            double length = bound - (windowEnd - window);
            if (length > 0) {
                rates.add(new Point(bound - start, (value - previousValue) / length));
            }
            previousValue = value;
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
