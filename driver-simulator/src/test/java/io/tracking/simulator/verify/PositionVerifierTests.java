package io.tracking.simulator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.verify.PositionVerifier.Verdict;

class PositionVerifierTests {

    private final PositionVerifier verifier = new PositionVerifier(HttpClient.newHttpClient(),
            SimulatorJson.newMapper(), URI.create("http://localhost:1"), "token", Duration.ofSeconds(1),
            Duration.ZERO, 1);
    private final Ping expected = new Ping("drv-" + UUID.randomUUID().toString().substring(0, 8), 12.9716123,
            77.5946456, Instant.parse("2026-01-05T08:00:00.123Z"), 5.0, 10.0, 90.0);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            flat                         | {"driverId":"x","latitude":12.9716123,"longitude":77.5946456,"recordedAt":"2026-01-05T08:00:00.123Z"}                | MATCHED
            microsecond text             | {"latitude":12.9716123,"longitude":77.5946456,"recordedAt":"2026-01-05T08:00:00.123000Z"}                            | MATCHED
            same instant with an offset  | {"latitude":12.9716123,"longitude":77.5946456,"recordedAt":"2026-01-05T13:30:00.123+05:30"}                          | MATCHED
            nested position              | {"driverId":"x","position":{"latitude":12.9716123,"longitude":77.5946456},"recordedAt":"2026-01-05T08:00:00.123Z"}   | MATCHED
            no recordedAt                | {"latitude":12.9716123,"longitude":77.5946456}                                                                        | MATCHED
            older fix                    | {"latitude":12.9716123,"longitude":77.5946456,"recordedAt":"2026-01-05T08:00:00.122Z"}                               | MISMATCHED
            other position               | {"latitude":12.9717123,"longitude":77.5946456,"recordedAt":"2026-01-05T08:00:00.123Z"}                               | MISMATCHED
            no position                  | {"driverId":"x"}                                                                                                      | MISMATCHED
            not json                     | <html/>                                                                                                               | MISMATCHED
            """)
    void shouldCompareTheServedPositionWithTheLastAcceptedPing(String shape, String body, Verdict verdict) {
        assertThat(verifier.compare(expected, body.getBytes(StandardCharsets.UTF_8)).verdict()).isEqualTo(verdict);
    }
}
