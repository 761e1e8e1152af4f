package io.tracking.benchmark.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tracking.localstack.Java;

/**
 * Kafka's own producer benchmark, {@code org.apache.kafka.tools.ProducerPerformance} (artifact {@code kafka-tools}),
 * in a JVM of its own so that its CPU and heap are separate from the benchmark's, as the ingest service's are.
 */
public final class KafkaProducerPerformance {

    private static final String MAIN_CLASS = "org.apache.kafka.tools.ProducerPerformance";
    private static final Pattern TOTAL = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private KafkaProducerPerformance() {
    }

    /**
     * Sends {@code records} records to {@code topic} as fast as the producer can, values drawn from the lines of
     * {@code payloadFile}, with the given producer properties; the full output goes to {@code logFile}.
     *
     * @throws IllegalStateException when the tool fails or prints no total
     */
    public static Result run(String bootstrapServers, String topic, long records, Path payloadFile,
            Map<String, String> producerProperties, Path logFile) throws IOException, InterruptedException {
        return run(bootstrapServers, topic, records, payloadFile, producerProperties, logFile, List.of());
    }

    /** {@link #run(String, String, long, Path, Map, Path)} with more options for the tool's JVM. */
    public static Result run(String bootstrapServers, String topic, long records, Path payloadFile,
            Map<String, String> producerProperties, Path logFile, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Java.executable(), "-Xms256m", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", Java.classpath(), MAIN_CLASS,
                "--topic", topic, "--num-records", Long.toString(records), "--throughput", "-1",
                "--payload-file", payloadFile.toString(), "--producer-props",
                "bootstrap.servers=" + bootstrapServers));
        producerProperties.forEach((name, value) -> command.add(name + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("ProducerPerformance did not finish within 10 minutes");
        }
        String output = Files.readString(logFile, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("ProducerPerformance failed with status " + process.exitValue()
                    + "; see " + logFile);
        }
        return parse(output);
    }

    /** The total line ProducerPerformance prints last. */
    static Result parse(String output) {
        Matcher matcher = TOTAL.matcher(output);
        Result last = null;
        while (matcher.find()) {
            last = new Result(Long.parseLong(matcher.group(1)), Double.parseDouble(matcher.group(2)),
                    Double.parseDouble(matcher.group(3)), Double.parseDouble(matcher.group(4)),
                    Double.parseDouble(matcher.group(5)), Double.parseDouble(matcher.group(6)),
                    Double.parseDouble(matcher.group(7)), Double.parseDouble(matcher.group(8)));
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no total: " + tail(output));
        }
        return last;
    }

    private static String tail(String output) {
        String stripped = output.strip();
        return stripped.length() <= 2000 ? stripped : stripped.substring(stripped.length() - 2000);
    }

    /**
     * ProducerPerformance's totals.
     *
     * @param records records sent
     * @param recordsPerSecond throughput
     * @param megabytesPerSecond throughput in MB/s (of uncompressed values)
     * @param averageMs mean send-to-acknowledgement latency
     * @param maxMs slowest acknowledgement
     * @param p50Ms median acknowledgement latency
     * @param p95Ms 95th percentile
     * @param p99Ms 99th percentile
     */
    public record Result(long records, double recordsPerSecond, double megabytesPerSecond, double averageMs,
            double maxMs, double p50Ms, double p95Ms, double p99Ms) {
    }
}
