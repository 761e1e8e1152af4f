package io.tracking.benchmark.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import io.tracking.localstack.Java;

/**
 * Runs {@link ConstantRateLoad} against latest-position GETs in a JVM of its own, as wrk runs in a process of its
 * own: the generator's garbage collections, JIT and threads are then not those of the benchmark JVM, which holds the
 * loaded pings and samples every process meanwhile. The child warms up with short untimed runs, then prints one
 * {@code run} line per measured run; the token travels in its environment, not on its command line.
 */
public final class OpenLoopProcess {

    private static final String TOKEN_VARIABLE = "OPEN_LOOP_TOKEN";
    private static final String RUN = "run";

    private OpenLoopProcess() {
    }

    /**
     * One measured run, as the child printed it.
     *
     * @param successPerSecond successful responses a second
     * @param p50Ms median latency from the due time
     * @param p99Ms 99th percentile
     * @param p999Ms 99.9th percentile
     * @param sendLagP99Ms 99th percentile of how late requests were sent
     * @param failed requests with an error status, a broken connection or no answer
     * @param clientCores cores the generator kept busy
     */
    public record Run(double successPerSecond, double p50Ms, double p99Ms, double p999Ms, double sendLagP99Ms,
            long failed, double clientCores) {
    }

    /**
     * The load: GETs of {@code /api/v1/drivers/<prefix><n, zero-padded to width>/location} for random {@code n}
     * below {@code drivers}, at {@code rate} a second over up to {@code connections} connections.
     */
    public record Load(String baseUrl, String token, String prefix, int drivers, int width, double rate,
            int connections) {
    }

    /** Starts the child, waits for it and returns its measured runs; its output goes to {@code logFile}. */
    public static List<Run> run(Load load, Duration warmup, Duration warmupStep, Duration runLength, int runs,
            Path logFile) throws IOException, InterruptedException {
        List<String> command = List.of(Java.executable(),
                "-Xms128m", "-Xmx256m", "-XX:+UseParallelGC", "-cp", Java.classpath(),
                OpenLoopProcess.class.getName(), load.baseUrl(), load.prefix(), Integer.toString(load.drivers()),
                Integer.toString(load.width()), Double.toString(load.rate()), Integer.toString(load.connections()),
                Long.toString(warmup.toMillis()), Long.toString(warmupStep.toMillis()),
                Long.toString(runLength.toMillis()), Integer.toString(runs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().put(TOKEN_VARIABLE, load.token());
        Process process = builder.start();
        long limit = warmup.plus(runLength.plusSeconds(15).multipliedBy(runs)).plusMinutes(2).toSeconds();
        if (!process.waitFor(limit, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the open-loop generator did not finish within " + limit + " s");
        }
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the open-loop generator failed with status " + process.exitValue()
                    + "; see " + logFile);
        }
        List<Run> measured = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length == 8 && fields[0].equals(RUN)) {
                measured.add(new Run(Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                        Double.parseDouble(fields[3]), Double.parseDouble(fields[4]), Double.parseDouble(fields[5]),
                        Long.parseLong(fields[6]), Double.parseDouble(fields[7])));
            }
        }
        if (measured.size() != runs) {
            throw new IllegalStateException("the open-loop generator printed " + measured.size() + " of " + runs
                    + " runs; see " + logFile);
        }
        return measured;
    }

    /** The child: {@code baseUrl prefix drivers width rate connections warmupMs stepMs runMs runs}. */
    public static void main(String[] args) throws Exception {
        String token = System.getenv(TOKEN_VARIABLE);
        if (args.length != 10 || token == null) {
            System.err.println("usage: " + TOKEN_VARIABLE + "=<token> OpenLoopProcess baseUrl prefix drivers width"
                    + " rate connections warmupMs stepMs runMs runs");
            System.exit(2);
        }
        String prefix = args[1];
        int drivers = Integer.parseInt(args[2]);
        String format = "/api/v1/drivers/" + prefix + "%0" + Integer.parseInt(args[3]) + "d/location";
        double rate = Double.parseDouble(args[4]);
        int connections = Integer.parseInt(args[5]);
        Duration warmup = Duration.ofMillis(Long.parseLong(args[6]));
        Duration step = Duration.ofMillis(Long.parseLong(args[7]));
        Duration runLength = Duration.ofMillis(Long.parseLong(args[8]));
        int runs = Integer.parseInt(args[9]);
        ConstantRateLoad load = new ConstantRateLoad(args[0], Map.of("Authorization", "Bearer " + token));
        SplittableRandom random = new SplittableRandom();
        LongFunction<String> path = request -> String.format(Locale.ROOT, format, random.nextInt(drivers));
        Duration drainTimeout = Duration.ofSeconds(10);
        // short runs enter the generator's loop often enough for the JIT to compile all of it
        for (Duration warmed = Duration.ZERO; warmed.compareTo(warmup) < 0; warmed = warmed.plus(step)) {
            load.run(path, rate, step, connections, drainTimeout);
        }
        for (int run = 1; run <= runs; run++) {
            ConstantRateLoad.Result result = load.run(path, rate, runLength, connections, drainTimeout);
            System.out.printf(Locale.ROOT, "%s %.1f %.3f %.3f %.3f %.3f %d %.3f%n", RUN, result.successPerSecond(),
                    result.latencyMs(50), result.latencyMs(99), result.latencyMs(99.9), result.sendLagMs(99),
                    result.statusErrors() + result.socketErrors(), result.clientCores());
        }
    }
}
