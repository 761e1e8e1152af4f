package io.tracking.simulator.trips;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tracking.simulator.DriverSimulator;

/** The delivery mode's options as the command line takes them: refused before anything is sent. */
class DeliveryModeOptionsTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--mode delivery --speedup 30|--speedup above 1 needs --orders-via kafka",
        "--mode delivery --orders-via carrier-pigeon|--orders-via must be query or kafka",
        "--mode delivery --orders 0|--orders must be an integer in [1, 100000]",
        "--mode http-single --orders 5|only apply to --mode delivery",
        "--mode kafka --ground-truth truth.json|only apply to --mode delivery"})
    void shouldRefuseOptionsThatCannotWork(String arguments, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DriverSimulator.run(arguments.split(" "), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(DriverSimulator.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
    }
}
