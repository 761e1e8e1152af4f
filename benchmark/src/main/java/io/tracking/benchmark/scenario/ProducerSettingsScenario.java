package io.tracking.benchmark.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.KafkaProducerPerformance;

/**
 * Opt-in ({@code --only producer-settings}): how the ingest service's producer settings were chosen. Kafka's
 * ProducerPerformance sends the same LocationUpdate JSON values with each variant of compression and linger (the
 * ingest service's batch size, acks and idempotence throughout); on a host where the broker and the service share
 * two cores, the CPU a record costs decides the rate, and the variant with the highest rate wins.
 */
final class ProducerSettingsScenario implements Scenario {

    private record Variant(String name, String compression, int lingerMs) {
    }

    /** The first is what the ingest service ships with. */
    private static final List<Variant> VARIANTS = List.of(
            new Variant("snappy, linger 5 ms (shipped)", "snappy", 5),
            new Variant("no compression, linger 5 ms", "none", 5),
            new Variant("zstd, linger 5 ms", "zstd", 5),
            new Variant("lz4, linger 5 ms", "lz4", 5),
            new Variant("snappy, linger 0 ms", "snappy", 0),
            new Variant("snappy, linger 20 ms", "snappy", 20));

    @Override
    public String name() {
        return "producer-settings";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        Path payloads = KafkaProducerScenario.payloadFile(context, "producer-settings-payloads.ndjson");
        List<List<Double>> rates = new ArrayList<>();
        VARIANTS.forEach(variant -> rates.add(new ArrayList<>()));
        // variants interleaved within each run, so that a noisy moment does not land on one variant only
        for (int run = 1; run <= settings.runs(); run++) {
            for (int v = 0; v < VARIANTS.size(); v++) {
                Variant variant = VARIANTS.get(v);
                Map<String, String> properties = KafkaProducerScenario.ingestProducerSettings(
                        variant.compression(), variant.lingerMs());
                KafkaProducerPerformance.Result result = KafkaProducerPerformance.run(context.bootstrapServers(),
                        KafkaProducerScenario.TOPIC, settings.producerRecords(), payloads, properties,
                        context.workDirectory().resolve("producer-settings-" + run + "-" + v + ".log"));
                context.log().printf(Locale.ROOT, "  run %d, %s: %.0f records/s, %.1f MB/s, p99 %.0f ms%n", run,
                        variant.name(), result.recordsPerSecond(), result.megabytesPerSecond(), result.p99Ms());
                rates.get(v).add(result.recordsPerSecond());
            }
        }
        List<Figure> figures = new ArrayList<>();
        for (int v = 0; v < VARIANTS.size(); v++) {
            Variant variant = VARIANTS.get(v);
            figures.add(Figure.of("kafka.producer.settings." + variant.compression() + ".linger" + variant.lingerMs(),
                    "producer, " + variant.name(), "throughput", "records/s", rates.get(v), String.format(Locale.ROOT,
                            "ProducerPerformance, %,d records per run, compression %s, linger %d ms, 256 KiB batches,"
                                    + " acks=all, idempotent", settings.producerRecords(), variant.compression(),
                            variant.lingerMs())));
        }
        return figures;
    }
}
