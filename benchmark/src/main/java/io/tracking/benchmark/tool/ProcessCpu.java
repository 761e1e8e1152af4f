package io.tracking.benchmark.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of Linux processes so far (user + system), to tell how much CPU a measured stretch cost: read before and
 * after, and subtract.
 */
public final class ProcessCpu {

    /** Fields 14 to 17 of {@code /proc/<pid>/stat}, counted from the first field after the command name. */
    private static final int UTIME = 11;

    private static volatile long clockTicks;

    private ProcessCpu() {
    }

    /**
     * CPU seconds of one process, all its threads (a JVM's GC and JIT threads too): {@code utime + stime} of
     * {@code /proc/<pid>/stat}, as {@link ProcessHandle.Info#totalCpuDuration()} converts it; empty when the process
     * is gone or its time unknown.
     */
    public static OptionalDouble seconds(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(duration -> OptionalDouble.of(duration.toNanos() / 1e9)).orElse(OptionalDouble.empty());
    }

    /**
     * CPU seconds of a process and every process below it, including those that already exited: its and each live
     * descendant's {@code utime + stime + cutime + cstime} (a parent's {@code cutime/cstime} hold the CPU time of the
     * children it reaped). A process that exits between two readings thus moves from the live ones into its
     * parent's reaped time, and the difference stays exact; PostgreSQL forks one backend per connection. Empty when
     * the process is gone or this is not Linux.
     */
    public static OptionalDouble treeSeconds(long pid) {
        long ticks = ticksOf(pid);
        if (ticks < 0) {
            return OptionalDouble.empty();
        }
        for (Iterator<ProcessHandle> descendants = ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants).iterator(); descendants.hasNext();) {
            // a descendant that exited since the listing is counted in its parent's cutime once reaped
            ticks += Math.max(0, ticksOf(descendants.next().pid()));
        }
        return OptionalDouble.of(ticks / (double) clockTicksPerSecond());
    }

    /** {@code utime + stime + cutime + cstime} of a process in clock ticks; -1 when unreadable. */
    private static long ticksOf(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8),
                    true);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The CPU fields of a {@code /proc/<pid>/stat} line in clock ticks. The command name in parentheses may itself
     * hold spaces and parentheses, so the fields are counted from the last closing parenthesis.
     */
    static long ticks(String stat, boolean withChildren) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        long ticks = Long.parseLong(fields[UTIME]) + Long.parseLong(fields[UTIME + 1]);
        if (withChildren) {
            ticks += Long.parseLong(fields[UTIME + 2]) + Long.parseLong(fields[UTIME + 3]);
        }
        return ticks;
    }

    /**
     * The kernel's clock ticks per second ({@code USER_HZ}), the unit of {@code /proc/<pid>/stat} times, from
     * {@code getconf CLK_TCK} (Java has no {@code sysconf}); 100, the value on every common Linux architecture, if
     * getconf cannot be run.
     */
    static long clockTicksPerSecond() {
        if (clockTicks == 0) {
            long value = 100;
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (getconf.waitFor(10, TimeUnit.SECONDS) && getconf.exitValue() == 0 && output.matches("\\d+")) {
                    value = Long.parseLong(output);
                }
            } catch (IOException e) {
                // keep the default
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockTicks = value;
        }
        return clockTicks;
    }
}
