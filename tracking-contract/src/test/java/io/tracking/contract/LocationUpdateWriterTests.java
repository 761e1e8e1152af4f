package io.tracking.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LocationUpdateWriterTests {

    private final LocationUpdateWriter writer = new LocationUpdateWriter();
    private final LocationUpdateReader reader = new LocationUpdateReader();
    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void shouldWriteWhatDataBindingWritesAndReadBackTheSameUpdate() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            LocationUpdate update = new LocationUpdate("driver-" + random.nextInt(1_000),
                    random.nextDouble(-90, 90), random.nextDouble(-180, 180),
                    Instant.ofEpochSecond(random.nextLong(946_684_800L, 4_102_444_800L), random.nextInt(1_000_000_000)),
                    Instant.ofEpochMilli(random.nextLong(946_684_800_000L, 4_102_444_800_000L)),
                    random.nextBoolean() ? null : random.nextDouble(0, 100),
                    random.nextBoolean() ? null : random.nextDouble(0, 60),
                    random.nextBoolean() ? null : random.nextDouble(0, 360));

            byte[] json = writer.write(update);

            assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree(mapper.writeValueAsBytes(update)));
            assertThat(reader.read(json)).isEqualTo(update);
        }
    }

    @Test
    void shouldEscapeWhatJsonNeedsEscapedAndWriteNullsAsNull() throws Exception {
        LocationUpdate update = new LocationUpdate("quote\"back\\slash\u0001", 1.5, -2.25,
                Instant.parse("2026-12-08T00:00:00Z"), Instant.parse("2026-12-08T00:00:00.100Z"), null, null, null);

        JsonNode json = mapper.readTree(writer.write(update));

        assertThat(json.path("driverId").asString()).isEqualTo("quote\"back\\slash\u0001");
        assertThat(json.path("receivedAt").asString()).isEqualTo("2026-12-08T00:00:00.100Z");
        assertThat(json.path("speedMps").isNull()).isTrue();
        assertThat(json.size()).isEqualTo(8);
    }
}
