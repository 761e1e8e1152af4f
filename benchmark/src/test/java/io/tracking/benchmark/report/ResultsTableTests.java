package io.tracking.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResultsTableTests {

    private final String table = ResultsTable.render(SampleResults.create());

    @Test
    void shouldNameTheModeAndTheMachineAboveTheTable() {
        assertThat(table).contains("quick mode").contains("2026-11-28T06:40:00Z")
                .contains("Machine: 2 cores (Test CPU @ 2.0GHz), 22.5 GiB, Debian 12, Linux 6.1, OpenJDK 17.0.15")
                .contains("Kafka 4.1.2").contains("wrk 4.1.0");
    }

    @Test
    void shouldPrintOneRowPerFigureWithMedianSpreadAndRuns() {
        assertThat(rowOf("ingest single ping — throughput"))
                .contains("12,000 req/s").contains("11,800–12,500").containsPattern("\\|\\s+3 \\|");
        assertThat(rowOf("ingest single ping — p50 latency")).contains("3.10 ms").contains("2.90–3.30");
        assertThat(rowOf("ingest single ping — p99 latency")).contains("21.0 ms").contains("19.0–25.5");
    }

    @Test
    void shouldPrintTheRatiosBesideTheirFigure() {
        assertThat(rowOf("batch writer drain — throughput")).contains("60,000 rows/s").contains("0.39× COPY");
        assertThat(rowOf("ingest single ping — throughput")).contains("0.039× raw producer");
        assertThat(rowOf("PostgreSQL COPY — throughput")).doesNotContain("×");
    }

    @Test
    void shouldShowNoRangeForASingleMeasurement() {
        assertThat(rowOf("ingest service — peak RSS")).contains("310 MiB").contains("| – ").containsPattern("\\|\\s+1 \\|");
    }

    @Test
    void shouldListEachMethodOnceAsANumberedNoteAndTheRunsNotes() {
        assertThat(table).containsOnlyOnce("[1] wrk, 2 threads × 64 connections");
        assertThat(rowOf("ingest single ping — p99 latency")).contains("[1]");
        assertThat(rowOf("Kafka raw producer — throughput")).contains("[2]");
        assertThat(table).contains("Note: seed not measured: node is not installed");
    }

    @Test
    void shouldAlignEveryRowOfTheTable() {
        List<String> rows = table.lines().filter(line -> line.startsWith("|")).toList();

        assertThat(rows).hasSize(2 + SampleResults.create().figures().size());
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(rows.get(0).length()));
    }

    @Test
    void shouldFormatNumbersForReading() {
        assertThat(ResultsTable.number(1234567.4, "rows/s")).isEqualTo("1,234,567");
        assertThat(ResultsTable.number(0.456, "ms")).isEqualTo("0.46");
        assertThat(ResultsTable.number(45.66, "ms")).isEqualTo("45.7");
        assertThat(ResultsTable.number(456.6, "ms")).isEqualTo("457");
        assertThat(ResultsTable.number(2.5, "s")).isEqualTo("2.50");
        assertThat(ResultsTable.number(3.0, "rows")).isEqualTo("3");
        assertThat(ResultsTable.ratioNumber(0.3871)).isEqualTo("0.39");
        assertThat(ResultsTable.ratioNumber(12.34)).isEqualTo("12.3");
        assertThat(ResultsTable.ratioNumber(0.001668)).isEqualTo("0.0017");
        assertThat(ResultsTable.ratioNumber(0)).isEqualTo("0.00");
    }

    private String rowOf(String figure) {
        return table.lines().filter(line -> line.startsWith("| " + figure + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + figure + " in\n" + table));
    }
}
