package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CapacityMachineCpuTests {

    @Test
    void shouldCountUserNiceSystemIrqSoftirqAndStealAsBusyAndIdlePlusIowaitAsNot() {
        CapacityMachineCpu cpu = CapacityMachineCpu.parse("""
                cpu  100 10 50 800 40 5 3 2 0 0
                cpu0 50 5 25 400 20 2 2 1 0 0
                """);

        assertThat(cpu.busy()).isEqualTo(100 + 10 + 50 + 5 + 3 + 2);
        assertThat(cpu.total()).isEqualTo(cpu.busy() + 800 + 40);
    }

    @Test
    void shouldTellTheCoresBusyBetweenTwoReadings() {
        CapacityMachineCpu before = new CapacityMachineCpu(1_000, 4_000);
        CapacityMachineCpu after = new CapacityMachineCpu(1_150, 4_200);

        assertThat(after.coresSince(before, 2)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void shouldBeUnknownWhenProcStatIsNotReadable() {
        assertThat(CapacityMachineCpu.parse("intr 1 2 3")).isEqualTo(new CapacityMachineCpu(0, 0));
        assertThat(new CapacityMachineCpu(0, 0).coresSince(new CapacityMachineCpu(0, 0), 2)).isNaN();
    }
}
