package io.tracking.benchmark;

import java.util.List;

/**
 * Entry point of {@code benchmark/run.sh}: {@code java -cp <benchmark classpath> io.tracking.benchmark.BenchmarkMain
 * [--quick|--full] [options]}. Prints the table on stdout, progress on stderr; exit code 0 when every scenario
 * produced its figures, 1 when one failed or the stack did not start, 2 on a bad command line.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            BenchmarkOptions options = BenchmarkOptions.parse(List.of(args));
            if (options.help()) {
                System.out.print(BenchmarkOptions.USAGE);
                exit = 0;
            } else {
                exit = new BenchmarkRun(options).execute();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(BenchmarkOptions.USAGE);
            exit = 2;
        }
        System.exit(exit);
    }
}
