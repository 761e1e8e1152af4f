package io.tracking.faults.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.tracking.faults.load.Transport;

/**
 * The scenarios of the suite, in the order they run. The faults that a WebSocket client lives through differently
 * from an HTTP one run over both: a writer kill (the connections stay open while the pipeline behind them breaks)
 * and the service restarts (the ingest service drops every connection, and the apps reconnect and resend).
 */
public final class Scenarios {

    private static final List<Supplier<Scenario>> ALL = List.of(
            () -> new WriterKillScenario(Transport.HTTP), () -> new WriterKillScenario(Transport.WS),
            PostgresOutageScenario::new, KafkaOutageScenario::new,
            () -> new ServiceRestartScenario(Transport.HTTP), () -> new ServiceRestartScenario(Transport.WS),
            TwoWritersScenario::new, PoisonScenario::new);

    private Scenarios() {
    }

    public static List<String> names() {
        return ALL.stream().map(Supplier::get).map(Scenario::name).toList();
    }

    /**
     * The named scenarios in suite order, or all of them when {@code names} is empty.
     *
     * @throws IllegalArgumentException naming an unknown scenario
     */
    public static List<Scenario> select(List<String> names) {
        for (String name : names) {
            if (!names().contains(name)) {
                throw new IllegalArgumentException("Unknown scenario " + name + "; known: "
                        + String.join(", ", names()));
            }
        }
        List<Scenario> selected = new ArrayList<>();
        for (Supplier<Scenario> factory : ALL) {
            Scenario scenario = factory.get();
            if (names.isEmpty() || names.contains(scenario.name())) {
                selected.add(scenario);
            }
        }
        return selected;
    }
}
