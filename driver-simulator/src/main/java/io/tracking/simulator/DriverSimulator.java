package io.tracking.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.tracking.simulator.report.RunSummary;

/**
 * Entry point of the driver simulator. Run with {@code --help} for the options.
 *
 * <p>Exit codes: 0 when no ping failed (and verification, if asked for, passed), 1 otherwise, 2 when the command
 * line is wrong.
 */
public final class DriverSimulator {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private DriverSimulator() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the simulator as the command line would, printing the summary on {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(List.of(args), System.getenv(), out, err);
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (OptionsParser.wantsHelp(args)) {
            out.print(OptionsParser.usage());
            return EXIT_OK;
        }
        SimulatorOptions options;
        try {
            options = OptionsParser.parse(args, env);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(OptionsParser.usage());
            return EXIT_USAGE;
        }
        try {
            RunSummary summary = new SimulationRun(options, err).execute();
            out.println(summary.toText());
            return summary.successful() ? EXIT_OK : EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return EXIT_FAILED;
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e);
            return EXIT_FAILED;
        }
    }
}
