package io.tracking.benchmark.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a JVM of the stack (the ingest service, for the heap each idle WebSocket connection costs):
 * {@code jcmd <pid> GC.class_histogram}, which runs a full collection first and then sums the size of every object
 * still reachable. That is heap used after a full GC whatever the collector and its generations, and unlike the
 * used-heap gauges it holds no garbage allocated since the last collection. The {@code jcmd} of this JVM's JDK is
 * used: the stack's JVMs run on the same one.
 */
public final class WsLiveHeap {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** The histogram's last line: {@code Total <instances> <bytes>}. */
    private static final Pattern TOTAL = Pattern.compile("(?m)^\\s*Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private WsLiveHeap() {
    }

    /** Whether {@code jcmd} is there to measure with (a JRE without the tools has none). */
    public static boolean available() {
        return Files.isExecutable(jcmd());
    }

    /**
     * Bytes of the objects reachable in process {@code pid} right after a full GC.
     *
     * @throws TimeoutException when jcmd did not finish within a minute
     * @throws IOException when jcmd failed or printed no total
     */
    public static long bytes(long pid) throws IOException, InterruptedException, TimeoutException {
        // into a file, not a pipe: the histogram of a big heap is longer than a pipe holds, and reading a pipe
        // would not be bounded by the wait below
        Path output = Files.createTempFile("live-heap-", ".txt");
        try {
            Process process = new ProcessBuilder(jcmd().toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new TimeoutException("jcmd GC.class_histogram of pid " + pid + " did not finish within "
                        + LIMIT.toSeconds() + " s");
            }
            return total(Files.readString(output, StandardCharsets.UTF_8), pid);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The byte total of a class histogram. */
    static long total(String histogram, long pid) throws IOException {
        Matcher matcher = TOTAL.matcher(histogram);
        if (!matcher.find()) {
            String start = histogram.length() > 200 ? histogram.substring(0, 200) : histogram;
            throw new IOException("jcmd GC.class_histogram of pid " + pid + " printed no total: " + start.strip());
        }
        return Long.parseLong(matcher.group(2));
    }

    private static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }
}
