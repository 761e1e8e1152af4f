package io.tracking.benchmark.scenario;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import io.tracking.benchmark.tool.ProcessCpu;
import io.tracking.benchmark.tool.ProcessMemory;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.PostgresNode;
import io.tracking.localstack.Service;

/**
 * The processes that share the machine while the capacity ramp runs, whose CPU and memory each step reports: the
 * services (the trip-event service included: it reads every ping as well), the broker, PostgreSQL (the postmaster and every process below it for CPU, since it forks a backend
 * per connection; the postmaster alone for memory, as the shared buffers would be counted once per backend) and the
 * load generator, which is this benchmark JVM (simulator, customers, probes).
 */
enum CapacityComponent {

    INGEST("ingest", "ingest service"),
    WRITER("writer", "batch writer"),
    QUERY("query", "query service"),
    TRIPS("trips", "trip-event service"),
    KAFKA("kafka", "Kafka broker"),
    POSTGRES("postgres", "PostgreSQL"),
    LOAD_GENERATOR("load", "load generator (benchmark JVM)");

    private final String key;
    private final String title;

    CapacityComponent(String key, String title) {
        this.key = key;
        this.title = title;
    }

    String key() {
        return key;
    }

    String title() {
        return title;
    }

    /** CPU seconds each component used so far; NaN for one not readable (e.g. an external database). */
    static Map<CapacityComponent, Double> cpuSeconds(LocalStack stack) {
        Map<CapacityComponent, Double> seconds = new EnumMap<>(CapacityComponent.class);
        for (CapacityComponent component : values()) {
            Optional<Long> pid = component.pid(stack);
            OptionalDouble cpu = pid.isEmpty() ? OptionalDouble.empty()
                    : component == POSTGRES ? ProcessCpu.treeSeconds(pid.get()) : ProcessCpu.seconds(pid.get());
            seconds.put(component, cpu.orElse(Double.NaN));
        }
        return seconds;
    }

    /** Cores each component used between two {@link #cpuSeconds} readings {@code seconds} apart. */
    static Map<CapacityComponent, Double> cores(Map<CapacityComponent, Double> before,
            Map<CapacityComponent, Double> after, double seconds) {
        Map<CapacityComponent, Double> cores = new EnumMap<>(CapacityComponent.class);
        before.forEach((component, start) -> cores.put(component, (after.get(component) - start) / seconds));
        return cores;
    }

    /** Each component's peak resident memory so far ({@code VmHWM}) in MiB; absent when not readable. */
    static Map<CapacityComponent, Double> peakRssMiB(LocalStack stack) {
        Map<CapacityComponent, Double> peaks = new EnumMap<>(CapacityComponent.class);
        for (CapacityComponent component : values()) {
            OptionalLong kib = component.pid(stack).map(ProcessMemory::peakResidentKiB).orElse(OptionalLong.empty());
            if (kib.isPresent()) {
                peaks.put(component, kib.getAsLong() / 1024.0);
            }
        }
        return peaks;
    }

    private Optional<Long> pid(LocalStack stack) {
        return switch (this) {
            case INGEST -> stack.ingest().pid();
            case WRITER -> stack.writer().pid();
            case QUERY -> stack.query().pid();
            // it reads every ping too (Kafka Streams, exactly once); absent from a stack built without it
            case TRIPS -> stack.runs(Service.TRIPS) ? stack.trips().pid() : Optional.empty();
            case KAFKA -> stack.kafka().pid();
            case POSTGRES -> {
                PostgresNode postgres = stack.postgres();
                yield postgres == null ? Optional.empty() : postgres.pid();
            }
            case LOAD_GENERATOR -> Optional.of(ProcessHandle.current().pid());
        };
    }
}
