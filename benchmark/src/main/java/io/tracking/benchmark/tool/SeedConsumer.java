package io.tracking.benchmark.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed design's Node.js consumer ({@code consumer.js}, kafkajs + pg), run unchanged from a copy with its own
 * {@code node_modules}. It never exits by itself; its only progress signal is the {@code Inserted N records into DB}
 * line it prints after each insert, which this class counts.
 */
public final class SeedConsumer implements AutoCloseable {

    private static final Pattern INSERTED = Pattern.compile("Inserted (\\d+) records into DB");
    private static final List<String> FILES = List.of("consumer.js", "package.json");

    private final Process process;
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong failedInserts = new AtomicLong();
    private volatile boolean stopped;
    private final Thread reader;

    private SeedConsumer(Process process, Path logFile) {
        this.process = process;
        this.reader = new Thread(() -> read(logFile), "seed-consumer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The {@code node} executable, if on the {@code PATH}. */
    public static Optional<Path> findNode() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path node = Path.of(dir.isBlank() ? "." : dir, "node");
            if (Files.isExecutable(node)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /** {@code node --version}, e.g. {@code v20.19.2}. */
    public static String version(Path node) {
        try {
            Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(10, TimeUnit.SECONDS);
            return version;
        } catch (IOException e) {
            return "(version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(version unknown)";
        }
    }

    /**
     * Copies the consumer from {@code source} into {@code workDirectory} and runs {@code npm install} there, unless
     * an earlier run left the same {@code package.json} with its {@code node_modules}.
     */
    public static Path prepare(Path source, Path workDirectory, PrintStream log) throws IOException,
            InterruptedException {
        for (String file : FILES) {
            if (!Files.isRegularFile(source.resolve(file))) {
                throw new IllegalStateException("No " + file + " in " + source);
            }
        }
        Files.createDirectories(workDirectory);
        boolean installed = Files.isDirectory(workDirectory.resolve("node_modules/kafkajs"))
                && Files.isDirectory(workDirectory.resolve("node_modules/pg"))
                && Files.isRegularFile(workDirectory.resolve("package.json"))
                && Files.mismatch(source.resolve("package.json"), workDirectory.resolve("package.json")) == -1;
        for (String file : FILES) {
            Path target = workDirectory.resolve(file);
            Files.copy(source.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
            // the source may be read-only; the copy must stay replaceable on the next run
            target.toFile().setWritable(true, true);
        }
        if (!installed) {
            log.println("npm install in " + workDirectory);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(workDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDirectory.resolve("npm-install.log").toFile()).start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install failed; see " + workDirectory.resolve("npm-install.log"));
            }
        }
        return workDirectory;
    }

    /** Starts {@code node consumer.js} in {@code directory} against the given broker and database. */
    public static SeedConsumer start(Path node, Path directory, String kafkaBrokers, String databaseUrl, Path logFile)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(node.toString(), "consumer.js").directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().put("KAFKA_BROKERS", kafkaBrokers);
        builder.environment().put("DATABASE_URL", databaseUrl);
        // kafkajs warns at length about its partitioner change; the consumer does not produce
        builder.environment().put("KAFKAJS_NO_PARTITIONER_WARNING", "1");
        return new SeedConsumer(builder.start(), logFile);
    }

    /** Rows the consumer reported inserted so far. */
    public long insertedRows() {
        return inserted.get();
    }

    /** Insert statements that failed (the consumer logs and keeps the batch for its next attempt). */
    public long failedInserts() {
        return failedInserts.get();
    }

    public Optional<Long> pid() {
        return process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /**
     * Whether the consumer still consumes: the process runs (it never exits on its own) and kafkajs did not report
     * its consumer crashed or stopped (after which the process idles forever).
     */
    public boolean isConsuming() {
        return process.isAlive() && !stopped;
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void read(Path logFile) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher matcher = INSERTED.matcher(line);
                if (matcher.find()) {
                    inserted.addAndGet(Long.parseLong(matcher.group(1)));
                } else {
                    if (line.startsWith("Error inserting into DB")) {
                        failedInserts.incrementAndGet();
                    }
                    if (line.contains("[Consumer] Crash") || line.contains("[Consumer] Stopped")) {
                        stopped = true;
                    }
                    // only what is not routine progress: the log stays small over a million rows
                    log.println(line);
                    log.flush();
                }
            }
        } catch (IOException e) {
            // the process ended; what was counted stands
        }
    }
}
