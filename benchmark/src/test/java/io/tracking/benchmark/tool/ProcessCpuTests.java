package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcessCpuTests {

    // utime 1234, stime 56, cutime 700, cstime 8; the command name holds spaces and parentheses
    private static final String STAT = "4242 (postgres: (x) y) S 1 4242 4242 0 -1 4194560 9 0 0 0 1234 56 700 8 20 0"
            + " 1 0 2184349 3133440 383 18446744073709551615";

    @Test
    void shouldReadTheCpuFieldsAfterTheCommandName() {
        assertThat(ProcessCpu.ticks(STAT, false)).isEqualTo(1290);
        assertThat(ProcessCpu.ticks(STAT, true)).isEqualTo(1998);
    }

    @Test
    void shouldAgreeWithTheJdkOnThisProcess() {
        double jdk = ProcessCpu.seconds(ProcessHandle.current().pid()).orElseThrow();
        double tree = ProcessCpu.treeSeconds(ProcessHandle.current().pid()).orElseThrow();

        // the tree also holds children this JVM reaped (none worth a second) and the time between the readings
        assertThat(jdk).isPositive();
        assertThat(tree).isCloseTo(jdk, within(1.0));
        assertThat(ProcessCpu.clockTicksPerSecond()).isPositive();
    }

    @Test
    void shouldHaveNothingForAProcessThatDoesNotExist() {
        assertThat(ProcessCpu.seconds(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcessCpu.treeSeconds(Long.MAX_VALUE)).isEmpty();
    }
}
