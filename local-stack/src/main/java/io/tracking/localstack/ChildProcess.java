package io.tracking.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One program this package runs as a child process, restartable, with stdout and stderr appended to a log file.
 *
 * <p>Invariants: at most one live process per instance; a pid file names the live process and the process that
 * started it, so that a later {@link #start()} can stop a child whose parent died without cleaning up (a
 * {@code kill -9}ed {@code run-local.sh}, a test JVM killed by a timeout). After {@link #close()} the instance
 * never starts again, which keeps a shutdown racing a start from leaving a process behind.
 */
final class ChildProcess {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private static final Duration ORPHAN_STOP_GRACE = Duration.ofSeconds(20);

    private static final @Nullable Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Path pidFile;

    private @Nullable Process process;
    private boolean closed;

    /**
     * @param name what log lines and errors call the process
     * @param command the program and its arguments; the first argument that names this child uniquely on the machine
     *     (a jar path, a data directory) must be part of it, because orphan detection matches on the command line
     * @param environment added to (and overriding) this JVM's environment
     * @param logFile where stdout and stderr go, appended across restarts
     * @param pidFile where the live process is recorded
     */
    ChildProcess(String name, List<String> command, Map<String, String> environment, Path logFile, Path pidFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    /** Starts the process; does not wait for it to be ready. */
    synchronized Process start() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            stopOrphanFromPidFile();
            Files.writeString(logFile, "%n===== %s starting %s at %s =====%n".formatted(name, String.join(" ", command),
                    Instant.now()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(withOwnSession(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            Process started = builder.start();
            process = started;
            Files.writeString(pidFile, started.pid() + "\n" + ProcessHandle.current().pid() + "\n");
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** Stops a process left running by an earlier, dead parent (see {@link #start()}), without starting one. */
    synchronized void stopOrphaned() {
        try {
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            stopOrphanFromPidFile();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check " + pidFile, e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The pid of the live process, or empty when it is not running. */
    synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** The process last started, alive or not. */
    synchronized @Nullable Process process() {
        return process;
    }

    /**
     * SIGTERM, so that the child runs its shutdown hooks (a Spring context closes, a broker shuts down in order);
     * after {@code grace} SIGKILL. Returns when the process is gone.
     */
    synchronized void stop(Duration grace) {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!waitFor(running, grace)) {
                log.warn("{} did not stop within {}s, killing it", name, grace.toSeconds());
                running.destroyForcibly();
                waitFor(running, Duration.ofSeconds(30));
            }
        }
        deletePidFile();
    }

    /** SIGKILL (on Linux and macOS {@link Process#destroyForcibly()} is SIGKILL): no shutdown hooks run. */
    synchronized void kill() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            waitFor(running, Duration.ofSeconds(30));
        }
        deletePidFile();
    }

    /** Stops the process and refuses any later start. */
    synchronized void close(Duration grace) {
        closed = true;
        stop(grace);
    }

    /** The last lines of the log file, for error messages about a child that failed to start. */
    String logTail(int lines) {
        try (Stream<String> all = Files.lines(logFile, StandardCharsets.UTF_8)) {
            Deque<String> tail = new ArrayDeque<>(lines);
            all.forEach(line -> {
                if (tail.size() == lines) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
            return String.join(System.lineSeparator(), tail);
        } catch (IOException | UncheckedIOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Clears what a dead parent left behind. A child whose parent still runs belongs to someone else using the
     * same data directory, which is an error rather than something to kill.
     */
    private void stopOrphanFromPidFile() throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Files.delete(pidFile);
        if (lines.size() < 2) {
            return;
        }
        long childPid;
        long parentPid;
        try {
            childPid = Long.parseLong(lines.get(0).trim());
            parentPid = Long.parseLong(lines.get(1).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> child = ProcessHandle.of(childPid).filter(ProcessHandle::isAlive)
                .filter(this::runsOurCommand);
        if (child.isEmpty()) {
            return;
        }
        if (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
            Files.writeString(pidFile, String.join("\n", lines) + "\n");
            throw new IllegalStateException(name + " is already running as pid " + childPid + ", started by the live"
                    + " process " + parentPid + " (another local stack using the same data directory?)");
        }
        log.warn("Stopping {} (pid {}) left running by an earlier run whose parent process is gone", name, childPid);
        ProcessHandle orphan = child.get();
        orphan.destroy();
        if (!waitFor(orphan, ORPHAN_STOP_GRACE)) {
            orphan.destroyForcibly();
            waitFor(orphan, Duration.ofSeconds(30));
        }
    }

    private boolean runsOurCommand(ProcessHandle handle) {
        // the last argument of every command this package builds names the child uniquely (jar, data directory)
        String identity = command.get(command.size() - 1);
        return handle.info().commandLine().map(line -> line.contains(identity)).orElse(false)
                || handle.info().arguments().map(args -> List.of(args).contains(identity)).orElse(false);
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.debug("Could not delete {}", pidFile, e);
        }
    }

    /**
     * Runs the child in a session of its own (where {@code setsid} exists), so that Ctrl-C in a terminal reaches only
     * this JVM, which then stops the children in order: services before the broker and the database they use.
     * {@code setsid} replaces itself with the command, so the pid stays the command's.
     */
    private static List<String> withOwnSession(List<String> command) {
        if (SETSID == null) {
            return command;
        }
        List<String> detached = new ArrayList<>(command.size() + 1);
        detached.add(SETSID.toString());
        detached.addAll(command);
        return detached;
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Waits up to {@code timeout} for {@code handle} to exit; whether it is gone. */
    static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (ExecutionException | TimeoutException e) {
            return !handle.isAlive();
        }
    }
}
