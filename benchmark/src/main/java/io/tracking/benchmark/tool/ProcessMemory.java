package io.tracking.benchmark.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory of a Linux process, from {@code /proc/<pid>/status}. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** {@code VmHWM}, the peak resident set size since the process started, in KiB; empty when unreadable. */
    public static OptionalLong peakResidentKiB(long pid) {
        try {
            return field(Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8),
                    "VmHWM");
        } catch (IOException | RuntimeException e) {
            // the process is gone, or this is not Linux
            return OptionalLong.empty();
        }
    }

    /** A {@code kB} field of a {@code /proc/<pid>/status} text, e.g. {@code VmHWM:   123456 kB}. */
    static OptionalLong field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                String digits = line.substring(name.length() + 1).replaceAll("[^0-9]", "");
                return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
            }
        }
        return OptionalLong.empty();
    }
}
