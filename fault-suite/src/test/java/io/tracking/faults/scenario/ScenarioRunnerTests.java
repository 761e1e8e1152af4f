package io.tracking.faults.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.faults.load.Transport;

class ScenarioRunnerTests {

    @Test
    void shouldReportOnlyTheFirstLineOfAFailureThatCarriesALogTail() {
        IllegalStateException failure = new IllegalStateException(
                "ingest was not ready within 180s; end of ingest.log:\n\tat org.example.Frame(Frame.java:1)");

        assertThat(ScenarioRunner.firstLine(failure)).isEqualTo(
                "IllegalStateException: ingest was not ready within 180s; end of ingest.log: (see the log)");
    }

    @Test
    void shouldReportAOneLineFailureWhole() {
        assertThat(ScenarioRunner.firstLine(new IllegalStateException("broker gone")))
                .isEqualTo("IllegalStateException: broker gone");
    }

    @Test
    void shouldSelectScenariosInSuiteOrderWhateverTheOrderAsked() {
        assertThat(Scenarios.select(List.of("two-writers", "writer-kill")))
                .extracting(Scenario::name).containsExactly("writer-kill", "two-writers");
        assertThat(Scenarios.select(List.of())).extracting(Scenario::name).containsExactly("writer-kill",
                "writer-kill-ws", "postgres-outage", "kafka-outage", "service-restarts", "service-restarts-ws",
                "two-writers", "poison");
    }

    @Test
    void shouldRunTheWebSocketTwinsOverWebSocketAndEveryOtherScenarioOverHttp() {
        assertThat(Scenarios.select(List.of())).allSatisfy(scenario -> assertThat(scenario.transport())
                .isEqualTo(scenario.name().endsWith("-ws") ? Transport.WS : Transport.HTTP));
    }
}
