package io.tracking.benchmark.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one table of a run, as printed on the console and saved as {@code table.md}: a Markdown pipe table with a
 * heading naming the machine, one row per figure (median, min–max, runs, ratios beside it) and the methods as
 * numbered notes below.
 */
public final class ResultsTable {

    private static final String[] HEADERS = {"figure", "median", "spread (min–max)", "runs", "vs", "how"};

    private ResultsTable() {
    }

    public static String render(Results results) {
        Map<String, Integer> methods = new LinkedHashMap<>();
        List<String[]> rows = new ArrayList<>();
        for (Figure figure : results.figures()) {
            int note = methods.computeIfAbsent(figure.method(), method -> methods.size() + 1);
            Spread spread = figure.spread();
            String range = figure.runs().size() == 1 ? "–"
                    : number(spread.min(), figure.unit()) + "–" + number(spread.max(), figure.unit());
            String vs = results.ratiosOf(figure.key()).stream()
                    .map(ratio -> String.format(Locale.ROOT, "%s× %s", ratioNumber(ratio.value()), ratio.label()))
                    .collect(Collectors.joining("; "));
            rows.add(new String[] {figure.subject() + " — " + figure.measure(),
                    number(spread.median(), figure.unit()) + " " + figure.unit(), range,
                    Integer.toString(figure.runs().size()), vs, "[" + note + "]"});
        }
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Driver tracking benchmark, %s mode, started %s, took %.0f s%n",
                results.mode(), results.startedAt(), results.elapsedSeconds()));
        text.append("Machine: ").append(results.machine().describe()).append(System.lineSeparator());
        if (!results.machine().tools().isEmpty()) {
            text.append("Tools: ").append(results.machine().tools().entrySet().stream()
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", "))).append(System.lineSeparator());
        }
        text.append("Median of the runs, spread = min–max; services, Kafka, PostgreSQL and load generators share the"
                + " machine.").append(System.lineSeparator()).append(System.lineSeparator());
        line(text, HEADERS, widths);
        String[] rule = new String[HEADERS.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = (i == 1 ? "-".repeat(widths[i] - 1) + ":" : "-".repeat(widths[i]));
        }
        line(text, rule, widths);
        for (String[] row : rows) {
            line(text, row, widths);
        }
        text.append(System.lineSeparator());
        methods.forEach((method, note) -> text.append('[').append(note).append("] ").append(method)
                .append(System.lineSeparator()));
        if (!results.notes().isEmpty()) {
            text.append(System.lineSeparator());
            results.notes().forEach(note -> text.append("Note: ").append(note).append(System.lineSeparator()));
        }
        return text.toString();
    }

    /**
     * A value as the table shows it: rates and counts as grouped integers, milliseconds with two significant
     * decimals below 10 and one below 100.
     */
    static String number(double value, String unit) {
        if ("ms".equals(unit)) {
            double magnitude = Math.abs(value);
            if (magnitude < 10) {
                return String.format(Locale.ROOT, "%.2f", value);
            }
            if (magnitude < 100) {
                return String.format(Locale.ROOT, "%.1f", value);
            }
        }
        if (Math.abs(value) < 10 && value != Math.rint(value)) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    /** One decimal from 10 up, two from 0.1 up, two significant digits below (0.0017 rather than 0.00). */
    static String ratioNumber(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 0.1 || value == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return new BigDecimal(value).round(new MathContext(2)).toPlainString();
    }

    private static void line(StringBuilder text, String[] cells, int[] widths) {
        text.append('|');
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            String padding = " ".repeat(widths[i] - cell.length());
            // numbers right-aligned, words left-aligned
            boolean right = i == 1 || i == 3;
            text.append(' ').append(right ? padding + cell : cell + padding).append(" |");
        }
        text.append(System.lineSeparator());
    }
}
