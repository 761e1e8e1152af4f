package io.tracking.benchmark.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the figures were measured on. Services, broker and benchmark all share these cores.
 *
 * @param cpu processor model
 * @param cores logical processors available to the JVM
 * @param memoryMiB physical memory
 * @param os operating system and kernel
 * @param jdk the JDK running the benchmark and every service
 * @param tools versions of the other programs involved (PostgreSQL, Kafka, wrk, node)
 */
public record Machine(String cpu, int cores, long memoryMiB, String os, String jdk, Map<String, String> tools) {

    public Machine {
        tools = Map.copyOf(new TreeMap<>(tools));
    }

    /** This machine, from {@code /proc} and system properties where available. */
    public static Machine current(Map<String, String> tools) {
        String cpu = procLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        long memoryKiB = procLine(Path.of("/proc/meminfo"), "MemTotal")
                .map(value -> Long.parseLong(value.replaceAll("[^0-9]", "")))
                .orElse(0L);
        String distribution = osRelease().map(name -> name + ", ").orElse("");
        String os = distribution + System.getProperty("os.name") + " " + System.getProperty("os.version");
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                + System.getProperty("java.runtime.version");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memoryKiB / 1024, os, jdk, tools);
    }

    /** One line for the table's heading. */
    public String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB, %s, %s", cores, cpu, memoryMiB / 1024.0, os, jdk);
    }

    private static Optional<String> procLine(Path file, String name) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.stream()
                    .filter(line -> line.startsWith(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("PRETTY_NAME="))
                    .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
