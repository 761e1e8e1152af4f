package io.tracking.writer.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link DrainBenchmark} through failsafe, only when asked:
 * {@code mvn -f location-batch-writer/pom.xml verify -Dbenchmark -Dit.test=DrainBenchmarkIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. Not a timed test: it only checks that every row arrived.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = ".*")
class DrainBenchmarkIT {

    @Test
    void drainPreloadedTopic() throws Exception {
        DrainBenchmark.Result result = new DrainBenchmark().run();
        result.write();

        System.out.println("[benchmark] result\n" + result);
        assertThat(result.rows()).isPositive();
    }
}
