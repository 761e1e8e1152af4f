package io.tracking.benchmark.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of the whole machine so far, from the {@code cpu} line of {@code /proc/stat}, in clock ticks: read at
 * the start and the end of a step, it tells how many cores were busy, and, less what the stack and the load generator
 * used, how much other work (on a shared machine) took from the step.
 *
 * @param busy ticks spent in user, nice, system, irq, softirq and steal time, all cores together
 * @param total busy ticks plus idle and iowait ticks; zero when {@code /proc/stat} is not readable
 */
record CapacityMachineCpu(long busy, long total) {

    static CapacityMachineCpu read() {
        try {
            return parse(Files.readString(Path.of("/proc/stat"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new CapacityMachineCpu(0, 0);
        }
    }

    /** The first line of a {@code /proc/stat} text: {@code cpu user nice system idle iowait irq softirq steal ...}. */
    static CapacityMachineCpu parse(String stat) {
        String[] fields = stat.lines().findFirst().orElse("").trim().split("\\s+");
        if (fields.length < 9 || !fields[0].equals("cpu")) {
            return new CapacityMachineCpu(0, 0);
        }
        long busy = 0;
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(fields[field]);
        }
        return new CapacityMachineCpu(busy, busy + idle);
    }

    /** Cores busy on average since {@code earlier}, of {@code cores}; NaN when not readable. */
    double coresSince(CapacityMachineCpu earlier, int cores) {
        long elapsed = total - earlier.total;
        return total == 0 || earlier.total == 0 || elapsed <= 0 ? Double.NaN
                : cores * (busy - earlier.busy) / (double) elapsed;
    }
}
