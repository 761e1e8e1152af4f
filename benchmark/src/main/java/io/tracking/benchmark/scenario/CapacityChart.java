package io.tracking.benchmark.scenario;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code capacity.svg}: one panel per row of the capacity ramp, the fleet size on a logarithmic x axis, the p99s of
 * the ack, freshness and customer reads on a logarithmic millisecond axis (left) with their limits dashed, and on a
 * linear axis (right) the cores the stack and the load generator used, and those the whole machine used (on a shared
 * machine, the difference is other work). The run's {@code chart.svg} plots values over time; the ramp
 * needs the fleet size across, hence a chart of its own.
 */
final class CapacityChart {

    private static final int WIDTH = 960;
    private static final int LEFT = 90;
    private static final int RIGHT = 80;
    private static final int PANEL_HEIGHT = 260;
    private static final int PANEL_GAP = 110;
    private static final int TOP = 60;
    private static final double MIN_MS = 1;
    private static final double MAX_MS = 100_000;
    private static final List<Line> LINES = List.of(
            new Line("ack p99", "#1f77b4", CapacityStep::ackP99Ms, limits -> limits.ackP99Ms()),
            new Line("freshness p99", "#d62728", CapacityStep::freshnessP99Ms, limits -> limits.freshnessP99Ms()),
            new Line("query p99", "#2ca02c", CapacityStep::queryP99Ms, limits -> limits.queryP99Ms()));
    private static final String CPU_COLOUR = "#ff7f0e";
    private static final String MACHINE_COLOUR = "#7f7f7f";

    private CapacityChart() {
    }

    static String render(List<CapacityRow> rows, String title, int cores) {
        int height = TOP + rows.size() * (PANEL_HEIGHT + PANEL_GAP) - PANEL_GAP + 100;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"%d\" height=\"%d\" "
                        + "fill=\"white\"/>%n", WIDTH, height, WIDTH, height, WIDTH, height));
        text(svg, LEFT, 24, "start", 16, title);
        int minDrivers = rows.stream().flatMap(row -> row.steps().stream()).mapToInt(CapacityStep::drivers).min()
                .orElse(1);
        int maxDrivers = rows.stream().flatMap(row -> row.steps().stream()).mapToInt(CapacityStep::drivers).max()
                .orElse(10);
        Axis x = new Axis(Math.log10(minDrivers) - 0.1, Math.log10(Math.max(maxDrivers, minDrivers * 2)) + 0.1);
        for (int i = 0; i < rows.size(); i++) {
            panel(svg, rows.get(i), TOP + 40 + i * (PANEL_HEIGHT + PANEL_GAP), x, cores);
        }
        svg.append("</svg>").append(System.lineSeparator());
        return svg.toString();
    }

    private static void panel(StringBuilder svg, CapacityRow row, int top, Axis x, int cores) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int bottom = top + PANEL_HEIGHT;
        String held = row.held().map(step -> String.format(Locale.ROOT, "held %,d drivers", step.drivers()))
                .orElse("no step held");
        String broke = row.firstBroken().map(step -> {
            List<String> reasons = row.limits().broken(step);
            return String.format(Locale.ROOT, "; broke at %,d: %s%s", step.drivers(), reasons.get(0),
                    reasons.size() > 1 ? " and " + (reasons.size() - 1) + " more" : "");
        }).orElse("; no limit broken");
        text(svg, LEFT, top - 12, "start", 13, row.transport().title() + ": " + held + broke);
        line(svg, LEFT, bottom, LEFT + plotWidth, bottom, "#333333", "");
        line(svg, LEFT, top, LEFT, bottom, "#333333", "");
        line(svg, LEFT + plotWidth, top, LEFT + plotWidth, bottom, "#333333", "");
        for (double decade = Math.log10(MIN_MS); decade <= Math.log10(MAX_MS); decade++) {
            double y = msY(Math.pow(10, decade), top);
            line(svg, LEFT, y, LEFT + plotWidth, y, "#eeeeee", "");
            text(svg, LEFT - 6, y + 4, "end", 11, String.format(Locale.ROOT, "%,.0f ms", Math.pow(10, decade)));
        }
        for (int core = 0; core <= cores; core++) {
            double y = bottom - PANEL_HEIGHT * core / (double) Math.max(cores, 1);
            text(svg, LEFT + plotWidth + 6, y + 4, "start", 11, core + (core == 1 ? " core" : " cores"));
        }
        row.steps().forEach(step -> {
            double px = x.position(Math.log10(step.drivers()), LEFT, plotWidth);
            line(svg, px, bottom, px, bottom + 4, "#333333", "");
            text(svg, px, bottom + 16, "middle", 11, String.format(Locale.ROOT, "%,d", step.drivers()));
        });
        text(svg, LEFT + plotWidth / 2.0, bottom + 34, "middle", 11, "drivers (logarithmic)");
        double legendX = LEFT + 10;
        for (int i = 0; i < LINES.size(); i++) {
            Line series = LINES.get(i);
            double limitY = msY(series.limit().applyAsDouble(row.limits()), top);
            line(svg, LEFT, limitY, LEFT + plotWidth, limitY, series.colour(), "4 4");
            polyline(svg, row.steps(), step -> msY(series.value().applyAsDouble(step), top), x, series.colour(),
                    series.title());
            legend(svg, legendX, top + 14 + i * 16, series.colour(), series.title() + " (dashed: limit)");
        }
        polyline(svg, row.steps(), step -> coresY(step.totalCores(), cores, bottom), x, CPU_COLOUR,
                "CPU of the stack and the load generator");
        legend(svg, legendX, top + 14 + LINES.size() * 16, CPU_COLOUR,
                "CPU of the stack and the load generator (right axis)");
        polyline(svg, row.steps(), step -> coresY(step.machineCores(), cores, bottom), x, MACHINE_COLOUR,
                "CPU of the whole machine");
        legend(svg, legendX, top + 14 + (LINES.size() + 1) * 16, MACHINE_COLOUR,
                "CPU of the whole machine, other work included (right axis)");
    }

    private static void polyline(StringBuilder svg, List<CapacityStep> steps, ToDoubleFunction<CapacityStep> y,
            Axis x, String colour, String title) {
        StringBuilder points = new StringBuilder();
        for (CapacityStep step : steps) {
            double px = x.position(Math.log10(step.drivers()), LEFT, WIDTH - LEFT - RIGHT);
            double py = y.applyAsDouble(step);
            if (Double.isFinite(py)) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        px, py, colour));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                + "points=\"%s\"><title>%s</title></polyline>%n", colour, points.toString().trim(), escape(title)));
    }

    /** The y of a number of cores on the right axis; NaN (not readable) stays NaN and is left out. */
    private static double coresY(double used, int cores, int bottom) {
        return bottom - PANEL_HEIGHT * Math.min(used, cores) / Math.max(cores, 1);
    }

    /** The y of a latency; one beyond the axis (a probe that never saw its ping) is drawn at its top. */
    private static double msY(double ms, int top) {
        if (Double.isNaN(ms)) {
            return Double.NaN;
        }
        double clamped = Math.min(Math.max(ms, MIN_MS), MAX_MS);
        double share = (Math.log10(clamped) - Math.log10(MIN_MS)) / (Math.log10(MAX_MS) - Math.log10(MIN_MS));
        return top + PANEL_HEIGHT * (1 - share);
    }

    private static void legend(StringBuilder svg, double x, double y, String colour, String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"3\" fill=\"%s\"/>%n",
                x, y - 1.5, colour));
        text(svg, x + 26, y + 4, "start", 11, label);
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour,
            String dashes) {
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n", x1, y1, x2, y2, colour,
                dashes.isEmpty() ? "" : " stroke-dasharray=\"" + dashes + "\""));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String content) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n", x, y, anchor, size,
                escape(content)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A latency line: its legend, colour, the value it plots and the limit drawn with it. */
    private record Line(String title, String colour, ToDoubleFunction<CapacityStep> value,
            ToDoubleFunction<CapacityLimits> limit) {
    }

    /** A logarithmic axis between two exponents. */
    private record Axis(double low, double high) {

        double position(double exponent, double start, double length) {
            return start + length * (exponent - low) / (high - low);
        }
    }
}
