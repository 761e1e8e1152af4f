package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProcessMemoryTests {

    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 3122820 kB
            VmHWM:\t  321700 kB
            VmRSS:\t  300100 kB
            Threads:\t40
            """;

    @Test
    void shouldReadKilobyteFieldsOfProcStatus() {
        assertThat(ProcessMemory.field(STATUS, "VmHWM")).hasValue(321_700);
        assertThat(ProcessMemory.field(STATUS, "VmRSS")).hasValue(300_100);
        assertThat(ProcessMemory.field(STATUS, "VmSwap")).isEmpty();
    }

    @Test
    void shouldReadThisProcessesPeak() {
        assertThat(ProcessMemory.peakResidentKiB(ProcessHandle.current().pid())).isPresent();
        assertThat(ProcessMemory.peakResidentKiB(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void shouldKeepThePeakOfEachNamedProcessAndLeaveOutThoseNeverRunning() {
        try (MemorySampler sampler = new MemorySampler(Map.of("this JVM",
                () -> Optional.of(ProcessHandle.current().pid())))) {
            sampler.watch("not running", Optional::empty);

            sampler.sample();

            assertThat(sampler.peaksMiB()).containsOnlyKeys("this JVM");
            assertThat(sampler.peaksMiB().get("this JVM")).isPositive();
        }
    }
}
