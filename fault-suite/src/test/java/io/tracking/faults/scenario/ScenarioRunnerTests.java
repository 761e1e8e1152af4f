package io.tracking.faults.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

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
                "postgres-outage", "kafka-outage", "service-restarts", "two-writers", "poison");
    }
}
