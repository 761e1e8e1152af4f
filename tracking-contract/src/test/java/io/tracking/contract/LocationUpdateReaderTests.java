package io.tracking.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The shared reader: what it accepts, what it refuses that data binding would let through, and that it is total. */
class LocationUpdateReaderTests {

    private static final String PING = """
            {"driverId":"d-1","latitude":12.5,"longitude":77.25,"recordedAt":%s,"receivedAt":"2026-03-10T12:00:00Z",\
            "speedMps":%s}""";

    private final LocationUpdateReader reader = new LocationUpdateReader();

    @Test
    void shouldReadWhatTheProducersWrite() throws Exception {
        LocationUpdate update = reader.read(ping("\"2026-03-10T11:59:58.123456Z\"", "8.5"));

        assertThat(update).isEqualTo(new LocationUpdate("d-1", 12.5, 77.25, Instant.parse("2026-03-10T11:59:58.123456Z"),
                Instant.parse("2026-03-10T12:00:00Z"), null, 8.5, null));
        assertThat(reader.read(ping("\"2026-03-10T17:29:58+05:30\"", "null")).recordedAt())
                .isEqualTo(Instant.parse("2026-03-10T11:59:58Z"));
        assertThat(reader.read(ping("1773143998.5", "null")).recordedAt())
                .isEqualTo(Instant.parse("2026-03-10T11:59:58.500Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2016-12-31T23:59:60Z\"", "\"2016-12-31T23:59:60.5Z\"", "\"2016-12-31T23:59:60+01:00\"",
            "\"2016-12-31t23:59:60z\"", "9300000000000000000000", "18446744073709551616", "1e1000000000", "1e-30",
            "\"\"", "true", "{}", "[]"})
    void shouldRefuseTimesDataBindingWouldFoldOrWrap(String recordedAt) {
        assertThatThrownBy(() -> reader.read(ping(recordedAt, "null")))
                .isInstanceOf(LocationUpdateReader.MalformedException.class)
                .extracting(e -> ((LocationUpdateReader.MalformedException) e).field()).isEqualTo("recordedAt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"8.5\"", "\"NaN\"", "true", "[8.5]", "{}"})
    void shouldRefuseAnythingButANumberOrNullForANumber(String speed) {
        assertThatThrownBy(() -> reader.read(ping("\"2026-03-10T11:59:58Z\"", speed)))
                .isInstanceOf(LocationUpdateReader.MalformedException.class);
    }

    @Test
    void shouldReadEpochSecondsExactly() {
        assertThat(LocationUpdateReader.epochSeconds(new BigDecimal("-1.25")))
                .isEqualTo(Instant.parse("1969-12-31T23:59:58.750Z"));
        assertThat(LocationUpdateReader.epochSeconds(new BigDecimal("1773143998.123456000")))
                .isEqualTo(Instant.parse("2026-03-10T11:59:58.123456Z"));
        assertThat(LocationUpdateReader.epochSeconds(new BigDecimal("17731439.98e2")))
                .isEqualTo(Instant.parse("2026-03-10T11:59:58Z"));
    }

    @Test
    void shouldOnlyEverThrowMalformedWhateverTheBytes() {
        Random random = new Random(20261207);
        byte[] valid = ping("\"2026-03-10T11:59:58Z\"", "8.5");
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = i % 2 == 0 ? new byte[random.nextInt(200)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                reader.read(bytes);
            } catch (LocationUpdateReader.MalformedException expected) {
                // the only way to fail
            }
        }
        byte[] deep = ("{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(deep)).isInstanceOf(LocationUpdateReader.MalformedException.class);
    }

    private static byte[] ping(String recordedAt, String speed) {
        return PING.formatted(recordedAt, speed).getBytes(StandardCharsets.UTF_8);
    }
}
