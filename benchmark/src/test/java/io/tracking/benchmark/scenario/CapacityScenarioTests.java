package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CapacityScenarioTests {

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max open files            20000                65536                files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void shouldReadTheSoftLimitOfOpenFiles() {
        assertThat(CapacityScenario.openFileLimit(LIMITS)).hasValue(20_000);
    }

    @Test
    void shouldTreatAnUnlimitedOrMissingLimitAsUnknown() {
        assertThat(CapacityScenario.openFileLimit(LIMITS.replace("20000 ", "unlimited "))).isEmpty();
        assertThat(CapacityScenario.openFileLimit("Limit Soft Limit\n")).isEmpty();
    }

    @Test
    void shouldSendOneWebSocketPingPerDriverInFlightButBoundTheHttpThreads() {
        assertThat(CapacityStepRun.concurrency(CapacityTransport.WEBSOCKET, 4_000)).isEqualTo(4_000);
        assertThat(CapacityStepRun.concurrency(CapacityTransport.WEBSOCKET, 64_000)).isEqualTo(10_000);
        assertThat(CapacityStepRun.concurrency(CapacityTransport.HTTP, 100)).isEqualTo(64);
        assertThat(CapacityStepRun.concurrency(CapacityTransport.HTTP, 16_000)).isEqualTo(400);
        assertThat(CapacityStepRun.concurrency(CapacityTransport.HTTP, 100_000)).isEqualTo(1_024);
    }

    @Test
    void shouldSpreadALargeWebSocketFleetOverLoopbackAddresses() {
        assertThat(CapacityStepRun.sourceAddresses(25_000)).isEqualTo("127.0.0.1");
        assertThat(CapacityStepRun.sourceAddresses(64_000)).isEqualTo("127.0.0.1,127.0.0.2,127.0.0.3");
    }
}
