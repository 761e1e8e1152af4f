package io.tracking.benchmark.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.KafkaProducerPerformance;
import io.tracking.benchmark.tool.PingLoader;

/**
 * The broker's limit for this workload: Kafka's own ProducerPerformance against the stack's broker, on a topic with
 * the location topic's partitions, values drawn from real LocationUpdate JSON documents (same size and
 * compressibility as the ingest service's records) and the ingest service's producer settings.
 */
final class KafkaProducerScenario implements Scenario {

    static final String TOPIC = "benchmark-producer-performance";
    private static final int PAYLOADS = 10_000;

    /** The topic, and a file of real LocationUpdate JSON values for ProducerPerformance to draw from. */
    static Path payloadFile(BenchmarkContext context, String name) throws Exception {
        context.stack().kafka().createTopics(TOPIC);
        Path payloads = context.workDirectory().resolve(name);
        new PingLoader(context.bootstrapServers()).writePayloadFile(payloads, PAYLOADS, 42);
        return payloads;
    }

    /** The ingest service's producer settings, with the given compression and linger. */
    static Map<String, String> ingestProducerSettings(String compression, int lingerMs) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("compression.type", compression);
        properties.put("linger.ms", Integer.toString(lingerMs));
        properties.put("batch.size", Integer.toString(256 * 1024));
        properties.put("buffer.memory", Long.toString(64L * 1024 * 1024));
        return properties;
    }

    @Override
    public String name() {
        return "kafka-producer";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        Path payloads = payloadFile(context, "producer-payloads.ndjson");
        double averageBytes = (double) Files.size(payloads) / PAYLOADS - 1;
        Map<String, String> properties = ingestProducerSettings("snappy", 5);
        // the same broker and no key: the sticky partitioner fills large batches, the best case for the broker
        List<Double> rates = new ArrayList<>();
        for (int run = 1; run <= settings.runs(); run++) {
            KafkaProducerPerformance.Result result = KafkaProducerPerformance.run(context.bootstrapServers(), TOPIC,
                    settings.producerRecords(), payloads, properties,
                    context.workDirectory().resolve("producer-performance-" + run + ".log"),
                    // the smoke mode's tool JVM starts without C2, as the stack's (less CPU on two cores)
                    settings.isSmoke() ? List.of("-XX:TieredStopAtLevel=1") : List.of());
            context.log().printf(Locale.ROOT, "  run %d: %.0f records/s, %.1f MB/s, p99 %.0f ms%n", run,
                    result.recordsPerSecond(), result.megabytesPerSecond(), result.p99Ms());
            rates.add(result.recordsPerSecond());
        }
        String method = String.format(Locale.ROOT,
                "org.apache.kafka.tools.ProducerPerformance (kafka-tools %s, own JVM) on the stack's broker: %,d "
                        + "records per run, LocationUpdate JSON values of %.0f bytes on average, acks=all, "
                        + "idempotent, snappy, linger 5 ms, 256 KiB batches (the ingest service's producer settings)",
                org.apache.kafka.common.utils.AppInfoParser.getVersion(), settings.producerRecords(), averageBytes);
        return List.of(Figure.of("kafka.producer.rate", "Kafka raw producer", "throughput", "records/s", rates,
                method));
    }
}
