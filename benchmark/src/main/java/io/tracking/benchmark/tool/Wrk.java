package io.tracking.benchmark.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP load generator {@code wrk} (C, epoll, Lua scripting): fixed connections, each sending its next request as
 * soon as the previous answered. Scripts end with {@link #DONE_FUNCTION}, which prints the figures as one JSON line;
 * the client's own CPU time is read from the wrapping shell's {@code /proc/<pid>/stat} (its waited-for children).
 */
public final class Wrk {

    /** Lua {@code done()} printing {@code WRK_RESULT {json}}; latency values in microseconds. */
    public static final String DONE_FUNCTION = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('WRK_RESULT {"requests":%d,"durationMicros":%d,"connectErrors":%d,' ..
                '"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Micros":%d,' ..
                '"p90Micros":%d,"p99Micros":%d,"maxMicros":%d,"meanMicros":%.1f}\\n',
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
            end
            """;

    private static final Pattern RESULT = Pattern.compile("^WRK_RESULT (\\{.*})\\s*$", Pattern.MULTILINE);
    private static final Pattern CPU = Pattern.compile("^WRK_CPU (\\d+) (\\d+)\\s*$", Pattern.MULTILINE);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Path executable;

    private Wrk(Path executable) {
        this.executable = executable;
    }

    /** {@code wrk} from {@code /usr/bin/wrk} or the {@code PATH}, if installed. */
    public static Optional<Wrk> find() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin/wrk"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "wrk"));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Wrk::new);
    }

    /** The first line of {@code wrk -v}, e.g. {@code wrk 4.1.0 [epoll]}. */
    public String version() {
        try {
            Process process = new ProcessBuilder(executable.toString(), "-v").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            String first = output.lines().findFirst().orElse("wrk");
            int copyright = first.indexOf(" Copyright");
            return (copyright > 0 ? first.substring(0, copyright) : first).trim();
        } catch (IOException e) {
            return "wrk (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "wrk (version unknown)";
        }
    }

    /**
     * Runs {@code script} against {@code baseUrl} for {@code duration}.
     *
     * @throws IllegalStateException when wrk fails or prints no result
     */
    public WrkResult run(Path script, String baseUrl, int threads, int connections, Duration duration,
            Duration requestTimeout) throws IOException, InterruptedException {
        List<String> command = List.of("bash", "-c",
                "\"$0\" \"$@\"; status=$?; echo \"WRK_CPU $(cut -d' ' -f16,17 /proc/$$/stat)\"; exit $status",
                executable.toString(), "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", requestTimeout.toSeconds() + "s", "-s", script.toString(), baseUrl);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed with status " + process.exitValue() + ": " + output.strip());
        }
        WrkResult result = parse(output, threads, connections);
        if (result.requests() == 0) {
            // wrk then reports 0 ms percentiles, which would read as a very fast service
            throw new IllegalStateException("wrk received no response within its " + duration.toSeconds()
                    + " s run; the service is overloaded or down");
        }
        return result;
    }

    /**
     * An unmeasured run to warm the service up (JIT, connection pools, caches); a run without a single response is
     * no failure here, the service may still be compiling its hot path.
     */
    public void warmUp(Path script, String baseUrl, int threads, int connections, Duration duration)
            throws IOException, InterruptedException {
        try {
            run(script, baseUrl, threads, connections, duration, duration.plusSeconds(2));
        } catch (IllegalStateException e) {
            // measured runs will tell whether the service answers
        }
    }

    /** The figures in wrk's output (see {@link #DONE_FUNCTION}). */
    static WrkResult parse(String output, int threads, int connections) {
        Matcher result = RESULT.matcher(output);
        if (!result.find()) {
            throw new IllegalStateException("wrk printed no result: " + output.strip());
        }
        JsonNode json = MAPPER.readTree(result.group(1));
        Matcher cpu = CPU.matcher(output);
        double cpuSeconds = cpu.find()
                ? (Long.parseLong(cpu.group(1)) + Long.parseLong(cpu.group(2))) / (double) ProcessCpu.clockTicksPerSecond()
                : Double.NaN;
        long socketErrors = json.get("connectErrors").asLong() + json.get("readErrors").asLong()
                + json.get("writeErrors").asLong() + json.get("timeouts").asLong();
        return new WrkResult(threads, connections, json.get("requests").asLong(),
                json.get("durationMicros").asLong() / 1e6, json.get("statusErrors").asLong(), socketErrors,
                json.get("p50Micros").asLong() / 1e3, json.get("p90Micros").asLong() / 1e3,
                json.get("p99Micros").asLong() / 1e3, json.get("maxMicros").asLong() / 1e3, cpuSeconds);
    }

    /**
     * One wrk run.
     *
     * @param threads wrk threads
     * @param connections open connections
     * @param requests responses received
     * @param seconds length of the run
     * @param statusErrors responses with a status of 400 or more
     * @param socketErrors connect, read and write errors and timeouts
     * @param p50Ms median latency
     * @param p90Ms 90th percentile
     * @param p99Ms 99th percentile
     * @param maxMs slowest response
     * @param clientCpuSeconds CPU time wrk used (user + system), NaN when unknown
     */
    public record WrkResult(int threads, int connections, long requests, double seconds, long statusErrors,
            long socketErrors, double p50Ms, double p90Ms, double p99Ms, double maxMs, double clientCpuSeconds) {

        /** Successful responses per second. */
        public double successPerSecond() {
            return (requests - statusErrors) / seconds;
        }

        /** The share of responses that were errors. */
        public double errorRatio() {
            return requests == 0 ? 1 : (double) (statusErrors + socketErrors) / requests;
        }

        /** Cores wrk kept busy on average. */
        public double clientCores() {
            return clientCpuSeconds / seconds;
        }

        public String describe() {
            return String.format(Locale.ROOT, "%d threads × %d connections", threads, connections);
        }
    }
}
