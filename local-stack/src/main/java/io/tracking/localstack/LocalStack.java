package io.tracking.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tracking.auth.DevTokens;
import io.tracking.contract.Topics;

/**
 * The whole system on one machine with only a JDK: Kafka and PostgreSQL (or an existing PostgreSQL), then the
 * batch writer (which applies the Flyway migrations), then the ingest and query services.
 *
 * <p>Layout of the data directory: {@code kafka/} (broker data), {@code postgres/} (cluster), {@code logs/} (one
 * log file per process, appended across restarts), {@code run/} (pid files). A lock file keeps two stacks off the
 * same directory.
 *
 * <p>Invariants: {@link #close()} (also run by a JVM shutdown hook, so Ctrl-C and a normal JVM exit are covered)
 * stops the services before the broker and the database they need, and returns only when every child process is
 * gone. Parts may be stopped, killed and restarted individually through their accessors in between.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder(tempDir).ports(LocalStack.Ports.free()).build().start()) {
 *     stack.service(Service.WRITER).kill();
 *     stack.service(Service.WRITER).start();
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final Path dataDirectory;
    private final Path logDirectory;
    private final Ports ports;
    private final int ingestStreamPort;
    private final String jwtSecret;
    private final KafkaNode kafka;
    private final @Nullable PostgresNode postgres;
    private final DatabaseConnection database;
    private final Map<Service, ServiceProcess> services;
    private final Thread shutdownHook;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private @Nullable FileChannel lockChannel;
    private @Nullable FileLock lock;

    private LocalStack(Builder builder) {
        this.dataDirectory = builder.dataDirectory.toAbsolutePath().normalize();
        this.logDirectory = dataDirectory.resolve("logs");
        Path runDirectory = dataDirectory.resolve("run");
        this.ports = builder.ports;
        this.ingestStreamPort = builder.ingestStreamPort;
        this.jwtSecret = builder.jwtSecret;
        this.kafka = KafkaNode.builder(dataDirectory.resolve("kafka"))
                .port(ports.kafka())
                .controllerPort(ports.kafkaController())
                .partitions(builder.partitions)
                .jvmOptions(builder.kafkaJvmOptions)
                .classpath(builder.kafkaClasspath)
                .logFile(logDirectory.resolve("kafka.log"))
                .build();
        if (builder.externalDatabase != null) {
            this.postgres = null;
            this.database = builder.externalDatabase;
        } else {
            this.postgres = PostgresNode.builder(dataDirectory.resolve("postgres"))
                    .port(ports.postgres())
                    .logFile(logDirectory.resolve("postgres.log"))
                    .build();
            this.database = postgres.connection();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("DATABASE_URL", database.jdbcUrl());
        environment.put("DATABASE_USERNAME", database.username());
        environment.put("DATABASE_PASSWORD", database.password());
        environment.put("TRACKING_JWT_SECRET", jwtSecret);
        environment.put("TRACKING_TOPIC_PARTITIONS", Integer.toString(builder.partitions));
        environment.putAll(builder.environment);
        // Kafka Streams keeps its state stores on disk (rebuilt from their changelogs when lost)
        builder.serviceEnvironment.computeIfAbsent(Service.TRIPS, s -> new LinkedHashMap<>())
                .putIfAbsent("TRACKING_TRIPS_STATE_DIR", dataDirectory.resolve("trip-events").toString());
        Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);
        for (Service service : builder.services) {
            processes.put(service, ServiceProcess.builder(service.module(),
                            service.executableJar(builder.repositoryRoot, builder.version),
                            ports.port(service), ports.managementPort(service))
                    .environment(environment)
                    .environment(builder.serviceEnvironment.getOrDefault(service, Map.of()))
                    .jvmOptions(builder.serviceJvmOptions)
                    .startupTimeout(builder.serviceStartupTimeout)
                    .logFile(logDirectory.resolve(service.module() + ".log"))
                    .pidFile(runDirectory.resolve(service.module() + ".pid"))
                    .build());
        }
        this.services = processes;
        this.shutdownHook = new Thread(this::close, "local-stack-shutdown");
    }

    /** A stack keeping all its data, logs and pid files under {@code dataDirectory}. */
    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /**
     * Starts every part and returns when all services are ready; on failure stops what it started and rethrows.
     *
     * @return this stack
     * @throws IllegalStateException when a part does not start (the message carries the end of its log)
     */
    public LocalStack start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("A local stack starts once; restart its parts instead");
        }
        requireServiceJars();
        acquireLock();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            log.info("Starting the local stack in {}", dataDirectory);
            // services a killed earlier run left behind go first, before the broker and database they use
            services.values().forEach(ServiceProcess::stopOrphaned);
            List<Runnable> infrastructure = new ArrayList<>();
            infrastructure.add(kafka::start);
            if (postgres != null) {
                infrastructure.add(postgres::start);
            }
            inParallel(infrastructure);
            kafka.createTopics(Topics.LOCATION_UPDATES, Topics.LOCATION_UPDATES_DLT, Topics.ORDERS,
                    Topics.ORDER_TRIP_EVENTS, Topics.ORDER_ETAS);
            // the writer owns the schema: the others may only start once its migrations ran
            failIfClosing();
            writer().start();
            failIfClosing();
            inParallel(services.values().stream().filter(service -> service != writer())
                    .<Runnable>map(service -> service::start).toList());
            failIfClosing();
            log.info("Local stack ready: ingest {}, query {}, writer {}, Kafka {}, PostgreSQL {}; logs in {}",
                    ingest().baseUrl(), query().baseUrl(), writer().actuatorUrl(), kafka.bootstrapServers(),
                    database.jdbcUrl(), logDirectory);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Stops the services (in parallel, gracefully), then Kafka and PostgreSQL; returns when all are gone. Safe to
     * call more than once and from several threads: later callers wait for the first to finish.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        try {
            log.info("Stopping the local stack");
            inParallelQuietly(services.values().stream().<Runnable>map(service -> service::close).toList());
            List<Runnable> infrastructure = new ArrayList<>();
            infrastructure.add(kafka::close);
            if (postgres != null) {
                infrastructure.add(postgres::close);
            }
            inParallelQuietly(infrastructure);
            releaseLock();
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down, the hook may be running: nothing to remove
                }
            }
            log.info("Local stack stopped");
        } finally {
            closed.countDown();
        }
    }

    public KafkaNode kafka() {
        return kafka;
    }

    /** The embedded PostgreSQL, or {@code null} when the stack uses an existing server. */
    public @Nullable PostgresNode postgres() {
        return postgres;
    }

    /** What the services connect to. */
    public DatabaseConnection database() {
        return database;
    }

    public ServiceProcess service(Service service) {
        return Objects.requireNonNull(services.get(service));
    }

    /** Whether the stack runs {@code service}: every one unless it was built {@link Builder#without(Service) without}. */
    public boolean runs(Service service) {
        return services.containsKey(service);
    }

    public ServiceProcess ingest() {
        return service(Service.INGEST);
    }

    /** The trip-event service, unless the stack was built {@link Builder#without(Service) without} it. */
    public ServiceProcess trips() {
        return service(Service.TRIPS);
    }

    public ServiceProcess writer() {
        return service(Service.WRITER);
    }

    public ServiceProcess query() {
        return service(Service.QUERY);
    }

    public Collection<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    public Ports ports() {
        return ports;
    }

    /**
     * {@code http://localhost:port} of the ingest service's WebSocket stream on Netty, the driver apps', if the
     * stack opens it ({@link Builder#ingestStreamPort}).
     */
    public Optional<String> ingestStreamUrl() {
        return ingestStreamPort < 0 ? Optional.empty() : Optional.of("http://localhost:" + ingestStreamPort);
    }

    /** The HS256 secret the services verify tokens with; mint test tokens with {@link DevTokens}. */
    public String jwtSecret() {
        return jwtSecret;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /**
     * The repository root: the {@code localstack.repository-root} system property, else the nearest directory from
     * the working directory upwards that contains the {@code local-stack} module.
     */
    public static Path findRepositoryRoot() {
        String configured = System.getProperty("localstack.repository-root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isRegularFile(dir.resolve("local-stack").resolve("pom.xml"))) {
                return dir;
            }
        }
        return start;
    }

    /** The version of this build, which is the version of the service jars to run. */
    public static String projectVersion() {
        try (InputStream in = LocalStack.class.getResourceAsStream("local-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-stack.properties missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails before anything starts, rather than after Kafka and PostgreSQL took their time. */
    private void requireServiceJars() {
        List<String> missing = services.values().stream()
                .map(ServiceProcess::jar)
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Service jars not found: " + String.join(", ", missing)
                    + ". Build them first: mvn -DskipTests install from the repository root (./run-local.sh does).");
        }
    }

    private void failIfClosing() {
        if (closing.get()) {
            throw new IllegalStateException("The local stack was closed while starting");
        }
    }

    private void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acquireLock() {
        Path lockFile = dataDirectory.resolve("local-stack.lock");
        try {
            Files.createDirectories(dataDirectory);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired = channel.tryLock();
            if (acquired == null) {
                channel.close();
                throw new IllegalStateException("Another local stack is running with data directory " + dataDirectory);
            }
            lockChannel = channel;
            lock = acquired;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock " + lockFile, e);
        }
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            log.debug("Could not release the data directory lock", e);
        }
    }

    /** Runs the tasks on threads of their own and rethrows the first failure once all have finished. */
    private static void inParallel(List<Runnable> tasks) {
        List<CompletableFuture<Void>> futures = tasks.stream().map(LocalStack::onOwnThread).toList();
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void inParallelQuietly(List<Runnable> tasks) {
        try {
            inParallel(tasks);
        } catch (RuntimeException e) {
            log.warn("Stopping a part of the local stack failed", e);
        }
    }

    private static CompletableFuture<Void> onOwnThread(Runnable task) {
        // not the common pool: it may be tiny on two cores, and these threads mostly wait
        CompletableFuture<Void> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                task.run();
                future.complete(null);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "local-stack-worker");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    /**
     * Ports of every part. The writer has no API, so its HTTP port is its actuator port.
     *
     * @param kafka the broker's client port
     * @param kafkaController the KRaft controller port
     * @param postgres PostgreSQL (unused when the stack uses an existing server)
     * @param ingest the ingest API
     * @param ingestManagement the ingest actuator
     * @param writer the batch writer's actuator
     * @param query the query API
     * @param queryManagement the query actuator
     */
    public record Ports(int kafka, int kafkaController, int postgres, int ingest, int ingestManagement, int writer,
            int query, int queryManagement, int trips) {

        /**
         * The documented ports: Kafka 9092/9093, PostgreSQL 5432, ingest 8081/9081, writer 8082, query 8083/9083,
         * trip events 8084.
         */
        public static Ports defaults() {
            return new Ports(9092, 9093, 5432, 8081, 9081, 8082, 8083, 9083, 8084);
        }

        /** Ports free right now, for tests running next to a stack on the default ports. */
        public static Ports free() {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                int[] chosen = new int[9];
                // keep all open until all are chosen, so that no port is handed out twice
                for (int i = 0; i < chosen.length; i++) {
                    ServerSocket socket = new ServerSocket(0);
                    sockets.add(socket);
                    chosen[i] = socket.getLocalPort();
                }
                return new Ports(chosen[0], chosen[1], chosen[2], chosen[3], chosen[4], chosen[5], chosen[6],
                        chosen[7], chosen[8]);
            } catch (IOException e) {
                throw new UncheckedIOException("No free ports", e);
            } finally {
                for (ServerSocket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // nothing to do: the port is free either way once the process exits
                    }
                }
            }
        }

        /** The port of the service's API (its actuator's for the writer and the trip-event service). */
        public int port(Service service) {
            return switch (service) {
                case INGEST -> ingest;
                case WRITER -> writer;
                case QUERY -> query;
                case TRIPS -> trips;
            };
        }

        /** The port of the service's actuator. */
        public int managementPort(Service service) {
            return switch (service) {
                case INGEST -> ingestManagement;
                case WRITER -> writer;
                case QUERY -> queryManagement;
                case TRIPS -> trips;
            };
        }
    }

    /** Settings of a {@link LocalStack}; the defaults are the documented local setup. */
    public static final class Builder {

        private final Path dataDirectory;
        private Ports ports = Ports.defaults();
        private String jwtSecret = DevTokens.DEVELOPMENT_SECRET;
        private Path repositoryRoot = findRepositoryRoot();
        private String version = projectVersion();
        private @Nullable DatabaseConnection externalDatabase;
        private int partitions = 6;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<Service, Map<String, String>> serviceEnvironment = new EnumMap<>(Service.class);
        private final Set<Service> services = EnumSet.allOf(Service.class);
        private List<String> serviceJvmOptions = ServiceProcess.Builder.defaultJvmOptions();
        private List<String> kafkaJvmOptions = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");
        private String kafkaClasspath = Java.classpath();
        private Duration serviceStartupTimeout = Duration.ofSeconds(180);
        private int ingestStreamPort = -1;

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory);
        }

        /** {@link Ports#defaults()} unless set; tests use {@link Ports#free()}. */
        public Builder ports(Ports ports) {
            this.ports = ports;
            return this;
        }

        /** The HS256 secret handed to the services; {@link DevTokens#DEVELOPMENT_SECRET} by default. */
        public Builder jwtSecret(String jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        /** Where the service modules were built; {@link #findRepositoryRoot()} by default. */
        public Builder repositoryRoot(Path repositoryRoot) {
            this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
            return this;
        }

        /** The version in the service jars' names; this module's version by default. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** Use an existing PostgreSQL server instead of starting one. */
        public Builder externalDatabase(DatabaseConnection database) {
            this.externalDatabase = database;
            return this;
        }

        /** Partitions of the location topics ({@code TRACKING_TOPIC_PARTITIONS}), 6 by default. */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** An environment variable for every service, e.g. a tuning knob a test needs. */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** An environment variable for one service; wins over {@link #environment(String, String)}. */
        public Builder environment(Service service, String name, String value) {
            serviceEnvironment.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /**
         * Leaves a service out, for tests that run their own instance of it (the trip-event service's crash test).
         * The ingest service, the writer and the query service are the pipeline and always run.
         */
        public Builder without(Service service) {
            if (service != Service.TRIPS) {
                throw new IllegalArgumentException(service + " is part of the pipeline and always runs");
            }
            services.remove(service);
            return this;
        }

        /** JVM options of the services, replacing {@link ServiceProcess.Builder#defaultJvmOptions()}. */
        public Builder serviceJvmOptions(List<String> options) {
            this.serviceJvmOptions = List.copyOf(options);
            return this;
        }

        /** JVM options of the broker. */
        public Builder kafkaJvmOptions(List<String> options) {
            this.kafkaJvmOptions = List.copyOf(options);
            return this;
        }

        /** Classpath of the broker JVM; this JVM's by default. */
        public Builder kafkaClasspath(String classpath) {
            this.kafkaClasspath = classpath;
            return this;
        }

        /**
         * Opens the ingest service's WebSocket stream on Netty ({@code tracking.ingest.stream.netty.port}) on
         * {@code port}, beside Tomcat's on its API port; not opened unless set.
         */
        public Builder ingestStreamPort(int port) {
            this.ingestStreamPort = port;
            return environment(Service.INGEST, "TRACKING_INGEST_STREAM_NETTY_PORT", Integer.toString(port));
        }

        /** How long each service may take to become ready, 180 s by default (two cores, three JVMs starting). */
        public Builder serviceStartupTimeout(Duration timeout) {
            this.serviceStartupTimeout = timeout;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this);
        }
    }
}
