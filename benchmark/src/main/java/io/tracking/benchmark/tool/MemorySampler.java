package io.tracking.benchmark.tool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Peak resident memory of named processes over a whole benchmark. Each sample reads {@code VmHWM} (the kernel's own
 * high-water mark, so short peaks between samples are not missed); a process that restarts gets a new pid and a new
 * high-water mark, and the sampler keeps the highest seen under the name.
 */
public final class MemorySampler implements AutoCloseable {

    private final Map<String, Supplier<Optional<Long>>> processes;
    private final Map<String, Long> peaksKiB = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "memory-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** A sampler of the processes whose current pid each supplier gives (empty: not running right now). */
    public MemorySampler(Map<String, Supplier<Optional<Long>>> processes) {
        this.processes = new LinkedHashMap<>(processes);
    }

    /** Samples every {@code intervalMillis} from now until {@link #close()}. */
    public MemorySampler start(long intervalMillis) {
        timer.scheduleWithFixedDelay(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Adds a process to sample from now on, e.g. one started by a scenario. */
    public synchronized void watch(String name, Supplier<Optional<Long>> pid) {
        processes.put(name, pid);
    }

    /** Takes a sample now; a process that ended since the last one keeps its earlier peak. */
    public synchronized void sample() {
        processes.forEach((name, pid) -> {
            Optional<Long> current = safely(pid);
            if (current.isPresent()) {
                OptionalLong peak = ProcessMemory.peakResidentKiB(current.get());
                if (peak.isPresent()) {
                    peaksKiB.merge(name, peak.getAsLong(), Math::max);
                }
            }
        });
    }

    /** The peak per name in MiB, in the order the names were added; names never seen running are left out. */
    public synchronized Map<String, Double> peaksMiB() {
        Map<String, Double> result = new LinkedHashMap<>();
        for (String name : processes.keySet()) {
            Long kib = peaksKiB.get(name);
            if (kib != null) {
                result.put(name, kib / 1024.0);
            }
        }
        return result;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static Optional<Long> safely(Supplier<Optional<Long>> pid) {
        try {
            return pid.get();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
