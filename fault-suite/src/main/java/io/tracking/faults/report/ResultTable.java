package io.tracking.faults.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tracking.faults.load.Connections;

/**
 * The suite's table for a terminal: one row per scenario with its transport, its counts, PASS or FAIL and notes;
 * under it, the reasons of every failed scenario. Reconnects and resent pings are WebSocket figures: {@code -} on
 * HTTP rows.
 */
public final class ResultTable {

    private static final List<String> HEADERS = List.of("scenario", "transport", "sent", "accepted", "stored", "lost",
            "duplicated", "reconnects", "resent", "result", "notes");

    /** Right-aligned columns: the counts. */
    private static final Set<Integer> NUMERIC = Set.of(2, 3, 4, 5, 6, 7, 8);

    private ResultTable() {
    }

    public static String render(List<ScenarioResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (ScenarioResult result : results) {
            Connections connections = result.connections();
            rows.add(List.of(result.name(), result.transport(), Long.toString(result.sent()),
                    Long.toString(result.accepted()), Long.toString(result.stored()), Long.toString(result.lost()),
                    Long.toString(result.duplicated()),
                    connections != null ? Long.toString(connections.reconnects()) : "-",
                    connections != null ? Long.toString(connections.resent()) : "-",
                    result.passed() ? "PASS" : "FAIL", String.join("; ", result.notes())));
        }
        int columns = HEADERS.size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            // the notes column is last and left ragged: padding it would only add trailing blanks
            for (int c = 0; c < columns - 1; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append(" | ");
                }
                String cell = row.get(c);
                if (c == columns - 1) {
                    line.append(cell);
                } else {
                    line.append(NUMERIC.contains(c) && r > 0 ? padLeft(cell, widths[c]) : padRight(cell, widths[c]));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    if (c > 0) {
                        rule.append("-+-");
                    }
                    rule.append("-".repeat(c == columns - 1 ? HEADERS.get(c).length() : widths[c]));
                }
                out.append(rule).append('\n');
            }
        }
        for (ScenarioResult result : results) {
            for (String failure : result.failures()) {
                out.append("FAIL ").append(result.name()).append(": ").append(failure).append('\n');
            }
        }
        return out.toString();
    }

    private static String padRight(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String padLeft(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
