package io.tracking.benchmark.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one benchmark run produced; written as {@code results.json} and rendered as the table and the chart.
 *
 * @param mode {@code quick} or {@code full}
 * @param startedAt when the run started
 * @param elapsedSeconds wall time of the whole run, stack start-up included
 * @param machine what it ran on
 * @param figures the measured figures, in the order they were measured
 * @param ratios figures relative to others, printed beside their numerator
 * @param series values over time, for the throughput chart
 * @param notes remarks on the run (scenarios skipped or failed, warnings)
 */
public record Results(String mode, Instant startedAt, double elapsedSeconds, Machine machine, List<Figure> figures,
        List<Ratio> ratios, List<Series> series, List<String> notes) {

    public Results {
        figures = List.copyOf(figures);
        ratios = List.copyOf(ratios);
        series = List.copyOf(series);
        notes = List.copyOf(notes);
    }

    public Optional<Figure> figure(String key) {
        return figures.stream().filter(figure -> figure.key().equals(key)).findFirst();
    }

    /** The ratios printed beside figure {@code key}. */
    public List<Ratio> ratiosOf(String key) {
        return ratios.stream().filter(ratio -> ratio.numerator().equals(key)).toList();
    }
}
