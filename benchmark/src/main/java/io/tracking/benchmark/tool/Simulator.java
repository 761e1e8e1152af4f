package io.tracking.benchmark.tool;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tracking.simulator.DriverSimulator;
import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.report.RunSummary;

/**
 * The driver simulator as a library: one run with the command line's options, in this JVM, its summary read back
 * from {@code --summary-json}. Its console output goes to a log file.
 */
public final class Simulator {

    private final Path workDirectory;
    private final Path logFile;
    private int runs;

    public Simulator(Path workDirectory) {
        this.workDirectory = workDirectory;
        this.logFile = workDirectory.resolve("driver-simulator.log");
    }

    /**
     * Runs the simulator with {@code options} (as on its command line, without {@code --summary-json}).
     *
     * @throws IllegalStateException when the options are refused or no summary was written
     */
    public synchronized RunSummary run(List<String> options) throws IOException {
        Path summary = workDirectory.resolve("simulator-summary-" + (++runs) + ".json");
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--no-progress", "--summary-json", summary.toString()));
        int exit;
        try (PrintStream log = new PrintStream(new FileOutputStream(logFile.toFile(), true), true,
                StandardCharsets.UTF_8)) {
            log.println("$ driver-simulator " + String.join(" ", args));
            exit = DriverSimulator.run(args.toArray(String[]::new), log, log);
        }
        if (exit == DriverSimulator.EXIT_USAGE || !Files.isRegularFile(summary)) {
            throw new IllegalStateException("driver-simulator failed (exit " + exit + "); see " + logFile);
        }
        return SimulatorJson.newMapper().readValue(summary.toFile(), RunSummary.class);
    }
}
