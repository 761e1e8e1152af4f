package io.tracking.benchmark.scenario;

import java.util.List;

import io.tracking.benchmark.report.Figure;

/** One family of figures: measured {@link BenchmarkSettings#runs()} times, each run's value kept. */
public interface Scenario {

    /** Name on the command line ({@code --only}) and in the progress output. */
    String name();

    /** Runs the scenario against the context's stack; throws when it cannot produce its figures. */
    List<Figure> run(BenchmarkContext context) throws Exception;
}
