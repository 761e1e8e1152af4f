package io.tracking.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.tracking.faults.load.Connections;

class ResultTableTests {

    static ScenarioResult result(String name, long sent, long accepted, long stored, long lost, long duplicated,
            List<String> notes, List<String> failures) {
        return result(name, "http", null, sent, accepted, stored, lost, duplicated, notes, failures);
    }

    static ScenarioResult result(String name, String transport, @Nullable Connections connections, long sent,
            long accepted, long stored, long lost, long duplicated, List<String> notes, List<String> failures) {
        return new ScenarioResult(name, "what " + name + " does", transport, failures.isEmpty(), 75.2,
                "fault-" + name + "-x-", 300, sent, accepted, stored, lost, duplicated, connections,
                Map.of(transport + "-202", accepted), null, null, null,
                List.of(new ScenarioResult.Event(1.5, "load started")), List.of(), notes, failures);
    }

    @Test
    void shouldPrintOneAlignedRowPerScenarioUnderTheHeader() {
        String table = ResultTable.render(List.of(
                result("writer-kill", 18_000, 17_990, 17_990, 0, 0, List.of("3 SIGKILLs", "settled in 4.0s"),
                        List.of()),
                result("kafka-outage", 900, 700, 700, 0, 0, List.of("recovered 2.1s after the broker returned"),
                        List.of())));

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("scenario     | transport | sent  | accepted | stored | lost | duplicated"
                + " | reconnects | resent | result | notes");
        assertThat(lines.get(1)).isEqualTo("-------------+-----------+-------+----------+--------+------+-----------"
                + "-+------------+--------+--------+------");
        assertThat(lines.get(2)).isEqualTo("writer-kill  | http      | 18000 |    17990 |  17990 |    0 |          0"
                + " |          - |      - | PASS   | 3 SIGKILLs; settled in 4.0s");
        assertThat(lines.get(3)).isEqualTo("kafka-outage | http      |   900 |      700 |    700 |    0 |          0"
                + " |          - |      - | PASS   | recovered 2.1s after the broker returned");
    }

    @Test
    void shouldShowTheTransportOfEachRowAndTheWebSocketConnectionFigures() {
        String table = ResultTable.render(List.of(
                result("service-restarts", 12_000, 10_500, 10_500, 0, 0, List.of(), List.of()),
                result("service-restarts-ws", "ws", new Connections(400, 200, 12), 12_000, 10_400, 10_400, 0, 0,
                        List.of(), List.of())));

        List<String> lines = table.lines().toList();
        assertThat(lines.get(2)).startsWith("service-restarts    | http      |").contains("|          - |      - |");
        assertThat(lines.get(3)).startsWith("service-restarts-ws | ws        |")
                .contains("|        200 |     12 | PASS");
    }

    @Test
    void shouldMarkAFailedScenarioAndListItsReasonsUnderTheTable() {
        String table = ResultTable.render(List.of(
                result("postgres-outage", 100, 100, 99, 1, 0, List.of(),
                        List.of("1 accepted pings not stored, e.g. [d-1@2026-01-01T10:00:00Z]"))));

        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().toList().get(2)).contains("| FAIL   |").endsWith("| FAIL   |");
        assertThat(table.lines().toList().get(3))
                .isEqualTo("FAIL postgres-outage: 1 accepted pings not stored, e.g. [d-1@2026-01-01T10:00:00Z]");
    }

    @Test
    void shouldPrintOnlyTheHeaderWhenNoScenarioRan() {
        assertThat(ResultTable.render(List.of()).lines()).hasSize(2);
    }
}
