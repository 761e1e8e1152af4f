package io.tracking.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.faults.scenario.Scenarios;
import io.tracking.faults.scenario.SuiteSettings;

/**
 * The command line of {@link FaultSuiteMain}.
 *
 * @param scenarios the scenarios to run, all when empty
 * @param settings the load
 * @param repositoryRoot where the service jars were built
 * @param dataDirectory the stack's data, or null for a fresh temporary directory
 * @param resultsDirectory where the JSON results go
 * @param keepData keep the stack's data directory (logs included) even when every scenario passed
 * @param help print the usage and exit
 */
record SuiteOptions(List<String> scenarios, SuiteSettings settings, Path repositoryRoot,
        @Nullable Path dataDirectory, Path resultsDirectory, boolean keepData, boolean help) {

    static final String USAGE = """
            Usage: fault-suite/run.sh [--no-build] [options] [scenario...]
              scenarios (all by default, in this order): %s
              --drivers N                  simulated drivers per scenario (default 200)
              --interval-ms N              between two pings of one driver (default 1000)
              --min-load-seconds N         shortest load of a scenario (default 60)
              --tail-seconds N             load kept up after the fault is over (default 10)
              --settle-timeout-seconds N   how long PostgreSQL may take to hold every accepted ping (default 180)
              --warm-up-seconds N          load on the fresh stack before the first scenario, not judged (default 20)
              --startup-timeout-seconds N  how long a service may take to become ready (default 300)
              --data-dir DIR               the stack's data and logs (default: a new temporary directory)
              --results-dir DIR            where the JSON goes (default: fault-suite/results)
              --repo-root DIR              where the service jars were built (default: found from the working dir)
              --keep-data                  keep the data directory even when everything passed
            """.formatted(String.join(", ", Scenarios.names()));

    static SuiteOptions parse(String[] args, Path defaultRepositoryRoot) {
        List<String> scenarios = new ArrayList<>();
        int drivers = 200;
        long intervalMillis = 1_000;
        long minLoadSeconds = 60;
        long tailSeconds = 10;
        long settleSeconds = 180;
        long warmUpSeconds = 20;
        long startupSeconds = 300;
        Path repositoryRoot = defaultRepositoryRoot;
        Path dataDirectory = null;
        Path resultsDirectory = null;
        boolean keepData = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "--keep-data" -> keepData = true;
                case "--drivers" -> drivers = (int) positive(arg, value(args, ++i, arg));
                case "--interval-ms" -> intervalMillis = positive(arg, value(args, ++i, arg));
                case "--min-load-seconds" -> minLoadSeconds = positive(arg, value(args, ++i, arg));
                case "--tail-seconds" -> tailSeconds = positive(arg, value(args, ++i, arg));
                case "--settle-timeout-seconds" -> settleSeconds = positive(arg, value(args, ++i, arg));
                case "--warm-up-seconds" -> warmUpSeconds = number(arg, value(args, ++i, arg), 0);
                case "--startup-timeout-seconds" -> startupSeconds = positive(arg, value(args, ++i, arg));
                case "--data-dir" -> dataDirectory = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "--results-dir" -> resultsDirectory = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "--repo-root" -> repositoryRoot = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("Unknown option " + arg);
                    }
                    scenarios.add(arg);
                }
            }
        }
        // fails on an unknown name before anything starts
        Scenarios.select(scenarios);
        SuiteSettings settings = new SuiteSettings(drivers, Duration.ofMillis(intervalMillis),
                Duration.ofSeconds(minLoadSeconds), Duration.ofSeconds(tailSeconds), Duration.ofSeconds(settleSeconds),
                6, Duration.ofSeconds(warmUpSeconds), Duration.ofSeconds(startupSeconds));
        return new SuiteOptions(List.copyOf(scenarios), settings, repositoryRoot, dataDirectory,
                resultsDirectory != null ? resultsDirectory : repositoryRoot.resolve("fault-suite").resolve("results"),
                keepData, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException("Missing value for " + option);
        }
        return args[index];
    }

    private static long positive(String option, String value) {
        return number(option, value, 1);
    }

    private static long number(String option, String value, long min) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number of at least " + min + ", got "
                    + value);
        }
    }
}
