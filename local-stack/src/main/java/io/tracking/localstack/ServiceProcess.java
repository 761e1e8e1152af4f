package io.tracking.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spring Boot service as a child JVM ({@code java -jar <module>-<version>-exec.jar}), configured through the
 * environment variables every service reads ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code DATABASE_URL},
 * {@code SERVER_PORT}, ...), ready when its actuator readiness group answers 200.
 *
 * <p>{@link #stop()} is a graceful shutdown (SIGTERM, as a container runtime sends it); {@link #kill()} is a crash
 * (SIGKILL): nothing is flushed, nothing committed. Either way {@link #start()} brings it back with the same
 * settings, appending to the same log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Duration startupTimeout;
    private final Duration stopTimeout;
    private final ChildProcess process;

    private ServiceProcess(Builder builder) {
        this.name = builder.name;
        this.jar = builder.jar.toAbsolutePath();
        this.port = builder.port;
        this.managementPort = builder.managementPort;
        this.startupTimeout = builder.startupTimeout;
        this.stopTimeout = builder.stopTimeout;
        Map<String, String> environment = new LinkedHashMap<>(builder.environment);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        List<String> command = new ArrayList<>();
        command.add(Java.executable());
        command.addAll(builder.jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        Path logFile = Objects.requireNonNull(builder.logFile, "logFile");
        Path pidFile = builder.pidFile != null ? builder.pidFile : logFile.resolveSibling(name + ".pid");
        this.process = new ChildProcess(name, command, environment, logFile, pidFile);
    }

    /**
     * A service run from {@code jar}, listening on {@code port} with its actuator on {@code managementPort} (the same
     * port when the service has no separate management server).
     */
    public static Builder builder(String name, Path jar, int port, int managementPort) {
        return new Builder(name, jar, port, managementPort);
    }

    /**
     * Starts the JVM and waits until {@code /actuator/health/readiness} answers 200.
     *
     * @throws IllegalStateException when the jar is missing, or the service exits or is not ready within the startup
     *     timeout (the message carries the end of its log)
     */
    public void start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " not found; build it first (mvn -DskipTests install"
                    + " from the repository root, which ./run-local.sh does)");
        }
        Process started = process.start();
        log.info("{} starting (pid {})", name, started.pid());
        try {
            awaitReady(started);
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
        log.info("{} ready on {}", name, baseUrl());
    }

    /** Stops this service's process if an earlier run left it behind (its parent died without stopping it). */
    void stopOrphaned() {
        process.stopOrphaned();
    }

    /** SIGTERM: the service shuts down gracefully (SIGKILL after the stop timeout, 30 s by default). */
    public void stop() {
        process.stop(stopTimeout);
    }

    /** SIGKILL: the JVM dies at once, without shutdown hooks. */
    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The JVM's pid while it runs. */
    public Optional<Long> pid() {
        return process.pid();
    }

    /** Whether the readiness group answers 200 right now. */
    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(readinessUrl()))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    /** {@code http://localhost:<port>}, the root of the service's API. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** {@code http://localhost:<management-port>/actuator}. */
    public String actuatorUrl() {
        return "http://localhost:" + managementPort + "/actuator";
    }

    public String readinessUrl() {
        return actuatorUrl() + "/health/readiness";
    }

    public Path jar() {
        return jar;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Stops the service for good: it cannot be started again. */
    @Override
    public void close() {
        process.close(stopTimeout);
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (!isReady()) {
            try {
                // doubles as the poll interval and returns early when the JVM dies
                if (started.waitFor(250, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(name + " exited with status " + started.exitValue()
                            + " while starting; end of " + logFile() + ":\n" + process.logTail(60));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + startupTimeout.toSeconds() + "s ("
                        + readinessUrl() + "); end of " + logFile() + ":\n" + process.logTail(60));
            }
        }
    }

    /** Settings of a {@link ServiceProcess}. */
    public static final class Builder {

        private final String name;
        private final Path jar;
        private final int port;
        private final int managementPort;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<String> jvmOptions = defaultJvmOptions();
        private Duration startupTimeout = Duration.ofSeconds(180);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private @Nullable Path logFile;
        private @Nullable Path pidFile;

        private Builder(String name, Path jar, int port, int managementPort) {
            this.name = Objects.requireNonNull(name);
            this.jar = Objects.requireNonNull(jar);
            this.port = port;
            this.managementPort = managementPort;
        }

        /**
         * Moderate heaps, since five JVMs share a laptop (or two cores in CI), but room for the batch writer's
         * buffers (up to 200,000 records per consumer while it drains a backlog: in 512 MB it spent its time in full
         * collections); the parallel collector, whose young collections use both cores.
         */
        public static List<String> defaultJvmOptions() {
            return List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
                    "-Djava.awt.headless=true");
        }

        /** An environment variable of the service (added to, and overriding, this JVM's environment). */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Options of the service JVM, replacing {@link #defaultJvmOptions()}. */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** How long {@link ServiceProcess#start()} waits for readiness, 180 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** How long {@link ServiceProcess#stop()} waits after SIGTERM before SIGKILL, 30 s by default. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** Where the service's output goes (required). */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Where the live pid is recorded; {@code <name>.pid} next to the log file by default. */
        public Builder pidFile(Path pidFile) {
            this.pidFile = pidFile;
            return this;
        }

        public ServiceProcess build() {
            return new ServiceProcess(this);
        }
    }
}
