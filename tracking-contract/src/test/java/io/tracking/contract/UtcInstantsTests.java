package io.tracking.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantsTests {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-08T00:15:27Z", "2026-12-08T00:15:27.1Z", "2026-12-08T00:15:27.123456789Z",
            "2024-02-29T23:59:59.999Z", "2000-01-01t00:00:00z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "1969-12-31T23:59:59.5Z", "1900-03-01T12:00:00Z", "2100-02-28T00:00:00Z"})
    void shouldReadTheUtcFormExactlyAsInstantParseDoes(String text) {
        assertThat(UtcInstants.parseUtc(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-08T00:15:27+01:00", "2026-12-08T23:59:60Z", "2026-12-08T24:00:00Z",
            "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-12-08T00:15:27.Z", "2026-12-08T00:15:27.1234567890Z", "+12026-12-08T00:15:27Z",
            "2026-12-08 00:15:27Z", "2026-12-08T00:15:27", "2026-12-08T0a:15:27Z", "2026-12-08T00:15:27,5Z", ""})
    void shouldLeaveEveryOtherFormToTheCaller(String text) {
        assertThat(UtcInstants.parseUtc(text)).isNull();
    }

    @Test
    void shouldAgreeWithInstantParseOnRandomTextsNearTheForm() {
        Random random = new Random(20261208);
        String alphabet = "0123456789-:.TZtz+ ";
        for (int i = 0; i < 200_000; i++) {
            char[] text = randomValid(random).toCharArray();
            // one or two random edits: most texts stay close to the form, many leave it
            for (int edits = random.nextInt(3); edits > 0; edits--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = new String(text);
            Instant fast = UtcInstants.parseUtc(candidate);
            if (fast != null) {
                assertThat(fast).as(candidate).isEqualTo(instantParse(candidate));
            }
        }
    }

    @Test
    void shouldWriteWhatInstantToStringWrites() {
        Random random = new Random(8);
        long[] seconds = {Long.MIN_VALUE / 1_000, -62_167_219_201L, -62_167_219_200L, -1, 0, 951_782_400L,
            253_402_300_799L, 253_402_300_800L, Long.MAX_VALUE / 1_000};
        for (long second : seconds) {
            for (int nanos : new int[] {0, 1, 1_000, 1_000_000, 120_000_000, 999_999_999, 5_000}) {
                Instant instant = Instant.ofEpochSecond(second, nanos);
                assertThat(UtcInstants.format(instant)).isEqualTo(instant.toString());
            }
        }
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_200_000_000L, 253_500_000_000L),
                    switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(UtcInstants.format(instant)).isEqualTo(instant.toString());
        }
    }

    private static String randomValid(Random random) {
        long second = random.nextLong(-5_000_000_000L, 200_000_000_000L);
        Instant instant = Instant.ofEpochSecond(second, random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
        String text = instant.toString();
        // Instant.toString drops a zero fraction and trailing zero groups: also write them out at times
        return random.nextInt(4) == 0 && !text.contains(".") ? text.replace("Z", ".000Z") : text;
    }

    private static @Nullable Instant instantParse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
