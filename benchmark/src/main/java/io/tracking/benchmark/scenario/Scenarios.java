package io.tracking.benchmark.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every scenario, in the order they run: each leaves the stack as the next expects it. */
public final class Scenarios {

    private Scenarios() {
    }

    /**
     * The order matters: the raw broker first, on an idle stack; then ingest (its pings reach the writer, which the
     * drain waits for); the drain leaves the rows COPY reloads and the drivers the query figures read.
     */
    public static List<Scenario> all() {
        return List.of(new KafkaProducerScenario(), new IngestSingleScenario(), new IngestBatchScenario(),
                new WsIngestScenario(),
                new WriterDrainScenario(), new CopyScenario(), new SeedConsumerScenario(), new FreshnessScenario(),
                new LivePushScenario(), new QueryLatestScenario(), new NearbyScenario(),
                new CapacityScenario(),
                new TripsScenario());
    }

    /** Scenarios that run only when named in {@code --only}. */
    static List<Scenario> optIn() {
        return List.of(new ProducerSettingsScenario());
    }

    /**
     * The scenarios named in {@code only} (all when empty), plus {@code writer-drain} when a chosen one needs its
     * rows or drivers.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static List<Scenario> select(Set<String> only) {
        if (only.isEmpty()) {
            return all();
        }
        List<Scenario> all = new ArrayList<>(all());
        all.addAll(optIn());
        Set<String> known = all.stream().map(Scenario::name).collect(Collectors.toSet());
        for (String name : only) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: "
                        + all.stream().map(Scenario::name).collect(Collectors.joining(", ")));
            }
        }
        boolean needsDrain = only.contains("copy") || only.contains("query-latest");
        List<Scenario> chosen = new ArrayList<>();
        for (Scenario scenario : all) {
            if (only.contains(scenario.name()) || (needsDrain && scenario.name().equals("writer-drain"))) {
                chosen.add(scenario);
            }
        }
        return chosen;
    }
}
