package io.tracking.benchmark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code chart.svg}, written by hand: throughput over time (one line per {@link Series}) above the latency
 * percentiles (one group of horizontal bars per subject, median of the runs, logarithmic axis).
 */
public final class SvgChart {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"};
    private static final int WIDTH = 960;
    private static final int LEFT = 90;
    private static final int RIGHT = 40;
    private static final int LINE_TOP = 70;
    private static final int LINE_HEIGHT = 260;
    private static final int BAR_HEIGHT = 16;
    private static final int GROUP_GAP = 12;

    private SvgChart() {
    }

    public static String render(Results results) {
        StringBuilder svg = new StringBuilder();
        Map<String, List<Figure>> latencies = latencyGroups(results.figures());
        int bars = latencies.values().stream().mapToInt(List::size).sum();
        int barTop = LINE_TOP + LINE_HEIGHT + 110;
        int height = barTop + bars * BAR_HEIGHT + latencies.size() * GROUP_GAP + 70;
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, LEFT, 24, "start", 16, "Driver tracking benchmark (" + results.mode() + " mode, "
                + results.startedAt() + ")");
        text(svg, LEFT, 42, "start", 10, results.machine().describe());
        throughput(svg, results.series());
        latencies(svg, latencies, barTop);
        svg.append("</svg>").append(System.lineSeparator());
        return svg.toString();
    }

    private static void throughput(StringBuilder svg, List<Series> series) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int bottom = LINE_TOP + LINE_HEIGHT;
        text(svg, LEFT, LINE_TOP - 10, "start", 14, "Throughput over time");
        if (series.isEmpty()) {
            text(svg, LEFT + plotWidth / 2.0, LINE_TOP + LINE_HEIGHT / 2.0, "middle", 12, "no series measured");
            return;
        }
        double maxSeconds = Math.max(1, series.stream().mapToDouble(Series::maxSeconds).max().orElse(1));
        double maxValue = niceCeiling(series.stream().mapToDouble(Series::maxValue).max().orElse(1));
        String unit = series.get(0).unit();
        for (int i = 0; i <= 5; i++) {
            double value = maxValue * i / 5;
            double y = bottom - LINE_HEIGHT * (double) i / 5;
            line(svg, LEFT, y, LEFT + plotWidth, y, "#dddddd");
            text(svg, LEFT - 6, y + 4, "end", 11, ResultsTable.number(value, unit));
        }
        double step = niceCeiling(maxSeconds / 8);
        for (double seconds = 0; seconds <= maxSeconds + 1e-9; seconds += step) {
            double x = LEFT + plotWidth * seconds / maxSeconds;
            line(svg, x, bottom, x, bottom + 4, "#333333");
            text(svg, x, bottom + 16, "middle", 11, ResultsTable.number(seconds, "s"));
        }
        line(svg, LEFT, bottom, LEFT + plotWidth, bottom, "#333333");
        line(svg, LEFT, LINE_TOP, LEFT, bottom, "#333333");
        text(svg, LEFT + plotWidth / 2.0, bottom + 34, "middle", 11, "seconds since the measurement started");
        svg.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\" "
                        + "font-size=\"11\">%s</text>%n", LINE_TOP + LINE_HEIGHT / 2.0, LINE_TOP + LINE_HEIGHT / 2.0,
                escape(unit)));
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            String colour = COLOURS[s % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (Series.Point point : one.points()) {
                double x = LEFT + plotWidth * point.seconds() / maxSeconds;
                double y = bottom - LINE_HEIGHT * Math.min(point.value(), maxValue) / maxValue;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"><title>%s</title>"
                            + "</polyline>%n", colour, points.toString().trim(), escape(one.title())));
            double legendY = LINE_TOP + 8 + s * 16;
            double legendX = LEFT + plotWidth - 300;
            line(svg, legendX, legendY, legendX + 20, legendY, colour, 3);
            text(svg, legendX + 26, legendY + 4, "start", 11, one.title());
        }
    }

    private static void latencies(StringBuilder svg, Map<String, List<Figure>> groups, int top) {
        int labelWidth = 230;
        int plotLeft = LEFT + labelWidth - 60;
        int plotWidth = WIDTH - plotLeft - RIGHT - 60;
        text(svg, LEFT, top - 40, "start", 14, "Latency percentiles (median of the runs, logarithmic scale)");
        if (groups.isEmpty()) {
            text(svg, WIDTH / 2.0, top, "middle", 12, "no latency measured");
            return;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (List<Figure> figures : groups.values()) {
            for (Figure figure : figures) {
                if (figure.median() > 0) {
                    min = Math.min(min, figure.median());
                }
                max = Math.max(max, figure.median());
            }
        }
        if (min == Double.MAX_VALUE) {
            min = 1;
        }
        double lowDecade = Math.floor(Math.log10(min));
        double highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(Math.max(max, 0.01))));
        int total = 0;
        for (List<Figure> figures : groups.values()) {
            total += figures.size();
        }
        int bottom = top + total * BAR_HEIGHT + groups.size() * GROUP_GAP;
        for (double decade = lowDecade; decade <= highDecade; decade++) {
            double x = plotLeft + plotWidth * (decade - lowDecade) / (highDecade - lowDecade);
            line(svg, x, top - 8, x, bottom, "#dddddd");
            text(svg, x, bottom + 16, "middle", 11, ResultsTable.number(Math.pow(10, decade), "ms") + " ms");
        }
        double y = top;
        List<String> measures = new ArrayList<>();
        for (Map.Entry<String, List<Figure>> group : groups.entrySet()) {
            text(svg, plotLeft - 8, y + BAR_HEIGHT * group.getValue().size() / 2.0 + 4, "end", 12, group.getKey());
            for (Figure figure : group.getValue()) {
                // one colour per percentile, whatever the subject calls its measure ("p99", "p99 latency")
                String percentile = figure.measure().split(" ")[0];
                if (!measures.contains(percentile)) {
                    measures.add(percentile);
                }
                String colour = COLOURS[(measures.indexOf(percentile) + 1) % COLOURS.length];
                double value = Math.max(figure.median(), Math.pow(10, lowDecade));
                double width = plotWidth * (Math.log10(value) - lowDecade) / (highDecade - lowDecade);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title>"
                                + "</rect>%n", plotLeft, y + 1, Math.max(width, 1), BAR_HEIGHT - 3, colour,
                        escape(figure.subject() + " " + figure.measure())));
                text(svg, plotLeft + Math.max(width, 1) + 4, y + BAR_HEIGHT - 4, "start", 11,
                        figure.measure().split(" ")[0] + " " + ResultsTable.number(figure.median(), "ms") + " ms");
                y += BAR_HEIGHT;
            }
            y += GROUP_GAP;
        }
    }

    /** Latency percentile figures grouped by subject, in the order they were measured. */
    static Map<String, List<Figure>> latencyGroups(List<Figure> figures) {
        Map<String, List<Figure>> groups = new LinkedHashMap<>();
        for (Figure figure : figures) {
            if (figure.latencyPercentile()) {
                groups.computeIfAbsent(figure.subject(), subject -> new ArrayList<>()).add(figure);
            }
        }
        return groups;
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= value * (1 - 1e-12)) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour) {
        line(svg, x1, y1, x2, y2, colour, 1);
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour,
            int width) {
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%d\"/>%n",
                x1, y1, x2, y2, colour, width));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String content) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n", x, y, anchor, size,
                escape(content)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
