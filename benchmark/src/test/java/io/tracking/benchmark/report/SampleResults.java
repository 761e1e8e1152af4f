package io.tracking.benchmark.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small but complete {@link Results} for the rendering tests. */
final class SampleResults {

    private SampleResults() {
    }

    static Results create() {
        List<Figure> figures = List.of(
                Figure.of("ingest.single.rate", "ingest single ping", "throughput", "req/s",
                        List.of(12_000.0, 12_500.0, 11_800.0), "wrk, 2 threads × 64 connections"),
                Figure.of("ingest.single.p50", "ingest single ping", "p50 latency", "ms", List.of(3.1, 3.3, 2.9),
                        "wrk, 2 threads × 64 connections"),
                Figure.of("ingest.single.p99", "ingest single ping", "p99 latency", "ms", List.of(21.0, 25.5, 19.0),
                        "wrk, 2 threads × 64 connections"),
                Figure.of("kafka.producer.rate", "Kafka raw producer", "throughput", "records/s",
                        List.of(300_000.0, 320_000.0, 310_000.0), "ProducerPerformance"),
                Figure.of("writer.drain.rate", "batch writer drain", "throughput", "rows/s",
                        List.of(60_000.0, 62_000.0, 58_000.0), "pre-loaded, then started"),
                Figure.of("copy.rate", "PostgreSQL COPY", "throughput", "rows/s",
                        List.of(150_000.0, 160_000.0, 155_000.0), "CopyManager"),
                Figure.of("freshness.p99", "freshness <202 to queryable>", "p99", "ms", List.of(900.0, 1100.0, 950.0),
                        "probes & background"),
                Figure.of("memory.ingest-service", "ingest service", "peak RSS", "MiB", List.of(310.4),
                        "VmHWM"));
        List<Series> series = List.of(
                new Series("writer.drain", "batch writer (rows/s)", "rows/s", List.of(new Series.Point(0.5, 50_000),
                        new Series.Point(1.0, 65_000), new Series.Point(1.5, 61_000))),
                new Series("seed.drain", "seed design & co", "rows/s", List.of(new Series.Point(0.5, 20_000),
                        new Series.Point(1.0, 30_000))));
        Machine machine = new Machine("Test CPU @ 2.0GHz", 2, 23_000, "Debian 12, Linux 6.1", "OpenJDK 17.0.15",
                Map.of("Kafka", "4.1.2", "wrk", "4.1.0"));
        return new Results("quick", Instant.parse("2026-11-28T06:40:00Z"), 171.4, machine, figures,
                Ratios.standard(figures), series, List.of("seed not measured: node is not installed"));
    }
}
