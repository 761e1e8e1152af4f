package io.tracking.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller, no ZooKeeper) running in a JVM of its
 * own, from the Kafka jars on this module's classpath, so that a test can stop or SIGKILL it and start it again on
 * the same port and data directory.
 *
 * <p>Data survives restarts: the storage is formatted only on the first start of a data directory. The child's
 * output goes to the log file (Kafka's own logging is kept at WARN, lifecycle lines at INFO).
 *
 * <p>Run as a program ({@code java -cp <classpath> io.tracking.localstack.KafkaNode --data-dir D --port P
 * --controller-port C}) this class is the broker itself.
 */
public final class KafkaNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);

    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private final Duration startupTimeout;
    private final ChildProcess process;

    private KafkaNode(Builder builder) {
        this.dataDirectory = builder.dataDirectory.toAbsolutePath();
        this.port = builder.port;
        this.controllerPort = builder.controllerPort;
        this.partitions = builder.partitions;
        this.startupTimeout = builder.startupTimeout;
        List<String> command = new ArrayList<>();
        command.add(Java.executable());
        command.addAll(builder.jvmOptions);
        // the broker's own logging, whatever logback configuration the classpath carries
        command.add("-Dlogback.configurationFile=io/tracking/localstack/kafka-logback.xml");
        command.addAll(List.of("-cp", builder.classpath, KafkaNode.class.getName(),
                "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort),
                "--partitions", Integer.toString(partitions),
                "--parent-pid", Long.toString(ProcessHandle.current().pid()),
                "--data-dir", dataDirectory.toString()));
        Path logFile = builder.logFile != null ? builder.logFile : dataDirectory.resolve("kafka.log");
        this.process = new ChildProcess("kafka", command, Map.of(), logFile, dataDirectory.resolve("kafka.pid"));
    }

    /** A node keeping its data (and, unless told otherwise, its log and pid file) in {@code dataDirectory}. */
    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /** The broker's entry point in its child JVM. */
    public static void main(String[] args) throws IOException {
        KafkaBroker.fromArguments(args).run();
    }

    /**
     * Starts the broker and returns once it answers an admin request.
     *
     * @throws IllegalStateException when it exits or does not answer within the startup timeout (the message carries
     *     the end of its log)
     */
    public void start() {
        Process started = process.start();
        log.info("Kafka starting (pid {}), data in {}", started.pid(), dataDirectory);
        try {
            awaitReady(started);
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
        log.info("Kafka listening on {}", bootstrapServers());
    }

    /** SIGTERM and wait for a clean shutdown (SIGKILL after a minute). */
    public void stop() {
        process.stop(Duration.ofSeconds(60));
    }

    /** SIGKILL: the broker gets no chance to flush or close its logs; the next start recovers them. */
    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker JVM's pid while it runs. */
    public Optional<Long> pid() {
        return process.pid();
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Creates each topic with this node's partition count unless it exists. */
    public void createTopics(String... topics) {
        try (Admin admin = Admin.create(adminProperties())) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                            .get(30, TimeUnit.SECONDS);
                    log.info("Created topic {} with {} partitions", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topics timed out", e);
        }
    }

    /** Stops the broker for good: this node cannot be started again. */
    @Override
    public void close() {
        process.close(Duration.ofSeconds(60));
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        // the admin client logs every refused connection, so wait for the port before asking it anything
        while (!portOpen()) {
            pause(started, deadline);
        }
        try (Admin admin = Admin.create(adminProperties())) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    pause(started, deadline);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    /** Waits a little, failing when the broker died or time is up; the wait ends early if the broker exits. */
    private void pause(Process started, long deadline) {
        try {
            if (started.waitFor(250, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka exited with status " + started.exitValue()
                        + " while starting; end of " + logFile() + ":\n" + process.logTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka did not become ready within " + startupTimeout.toSeconds()
                    + "s; end of " + logFile() + ":\n" + process.logTail(40));
        }
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-stack-admin");
        return properties;
    }

    /** Settings of a {@link KafkaNode}; every one has a default fit for a laptop. */
    public static final class Builder {

        private final Path dataDirectory;
        private int port = 9092;
        private int controllerPort = 9093;
        private int partitions = 6;
        private Duration startupTimeout = Duration.ofSeconds(90);
        private List<String> jvmOptions = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");
        private String classpath = Java.classpath();
        private @Nullable Path logFile;

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory);
        }

        /** The client (PLAINTEXT) port, 9092 by default. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port, 9093 by default. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Partitions of auto-created topics and of {@link #createTopics(String...)}, 6 by default. */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** How long {@link #start()} waits for the broker, 90 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** Options of the broker JVM (heap, GC), replacing the small defaults. */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** Classpath of the broker JVM; this JVM's by default, which must hold the Kafka server jars. */
        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** Where the broker's output goes; {@code <data-dir>/kafka.log} by default. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public KafkaNode build() {
            return new KafkaNode(this);
        }
    }
}
