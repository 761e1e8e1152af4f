package io.tracking.benchmark.report;

/**
 * One figure relative to another, printed beside the numerator: {@code median(numerator) / median(denominator)}.
 *
 * @param numerator key of the figure the ratio is printed beside
 * @param denominator key of the figure it is compared with
 * @param label short name of the denominator in the table (e.g. "COPY")
 * @param value the quotient of the medians
 */
public record Ratio(String numerator, String denominator, String label, double value) {

    /** The ratio of two figures' medians. */
    public static Ratio between(Figure numerator, Figure denominator, String label) {
        return new Ratio(numerator.key(), denominator.key(), label, numerator.median() / denominator.median());
    }
}
