package io.tracking.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.tracking.benchmark.scenario.BenchmarkSettings;

/**
 * The command line of {@link BenchmarkMain}.
 *
 * @param settings sizes of the chosen mode, runs overridden if asked
 * @param only scenario names to run; empty for all
 * @param output results directory; null for {@code <repository>/benchmark/results/<timestamp>}
 * @param seedConsumer directory of the seed design's consumer.js; null to look in the usual places
 * @param keepStack keep the stack's temporary directory (data and logs) after the run
 * @param noWrk measure without wrk even when it is installed ({@code --no-wrk}, or {@code BENCHMARK_NO_WRK=1}), as on
 *        a machine without it: the Java generators then measure every HTTP figure
 * @param help print the usage and exit
 */
record BenchmarkOptions(BenchmarkSettings settings, Set<String> only, @Nullable Path output,
        @Nullable Path seedConsumer, boolean keepStack, boolean noWrk, boolean help) {

    /** The environment variable that, set to {@code 1} (or {@code true}), acts as {@code --no-wrk}. */
    static final String NO_WRK_VARIABLE = "BENCHMARK_NO_WRK";

    static final String USAGE = """
            Usage: benchmark/run.sh [--quick | --full | --smoke] [options]

            Starts the local stack (Kafka, PostgreSQL and the three services on free ports in a temporary
            directory), measures every figure 3 times and prints one table; writes results.json, table.md and
            chart.svg under benchmark/results/<timestamp>/.

              --quick                 smaller loads, short wrk runs: under 3 minutes on two cores (default)
              --full                  a million pings for the drain, COPY and seed figures: under 15 minutes
              --smoke                 every scenario once at tiny sizes, no warm-ups: does each run to its figures
                                      (CI: about a minute on two cores; exits 1 when one fails or has no figure)
              --runs N                measured runs per figure (default 3)
              --only a,b,...          only these scenarios: kafka-producer, ingest-single, ingest-batch,
                                      ws-ingest, writer-drain, copy, seed, freshness, live-push, query-latest,
                                      nearby, capacity, trips
                                      (copy and query-latest need writer-drain, which is added);
                                      opt-in: producer-settings (compression and linger variants)
              --output DIR            results directory (default benchmark/results/<timestamp>)
              --seed-consumer DIR     the seed design's consumer.js and package.json (default: $SEED_CONSUMER_DIR,
                                      benchmark/seed-node-consumer, ../shared/peers/seed-node-consumer)
              --keep-stack            keep the stack's temporary directory (data and logs)
              --no-wrk                measure without wrk even if installed (also BENCHMARK_NO_WRK=1): the Java
                                      generators measure every HTTP figure, as on a machine without wrk
              --no-build              (run.sh) skip mvn -q -B -DskipTests install
              --help                  this text
            """;

    static BenchmarkOptions parse(List<String> args) {
        return parse(args, System.getenv(NO_WRK_VARIABLE));
    }

    /** {@link #parse(List)} with the value of {@value #NO_WRK_VARIABLE} given (null when unset). */
    static BenchmarkOptions parse(List<String> args, @Nullable String noWrkVariable) {
        BenchmarkSettings settings = BenchmarkSettings.quick();
        Integer runs = null;
        Set<String> only = new LinkedHashSet<>();
        Path output = null;
        Path seedConsumer = null;
        boolean keep = false;
        boolean noWrk = noWrkVariable != null
                && (noWrkVariable.strip().equals("1") || noWrkVariable.strip().equalsIgnoreCase("true"));
        boolean help = false;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--quick" -> settings = BenchmarkSettings.quick();
                case "--full" -> settings = BenchmarkSettings.full();
                case "--smoke" -> settings = BenchmarkSettings.smoke();
                case "--runs" -> runs = positive(value(arg, rest), arg);
                case "--only" -> only.addAll(List.of(value(arg, rest).split(",")));
                case "--output" -> output = Path.of(value(arg, rest));
                case "--seed-consumer" -> seedConsumer = Path.of(value(arg, rest));
                case "--keep-stack" -> keep = true;
                case "--no-wrk" -> noWrk = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (runs != null) {
            settings = settings.withRuns(runs);
        }
        return new BenchmarkOptions(settings, only, output, seedConsumer, keep, noWrk, help);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int positive(String value, String option) {
        try {
            int number = Integer.parseInt(value);
            if (number < 1) {
                throw new IllegalArgumentException(option + " must be at least 1");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number");
        }
    }
}
