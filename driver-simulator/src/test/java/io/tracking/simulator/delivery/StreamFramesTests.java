package io.tracking.simulator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.Ping;

class StreamFramesTests {

    private final JsonMapper mapper = SimulatorJson.newMapper();
    private final StreamFrames frames = new StreamFrames(mapper);

    @Test
    void shouldWriteAPingFrameAsTheSeqFollowedByThePingAsTheMapperWritesIt() {
        Ping ping = new Ping("frames-\"quoted\"\\-1", 12.9716123, 77.5946001, Instant.parse("2026-12-07T10:00:00.120Z"),
                7.5, 13.25, 359.9);

        String frame = text(frames.ping(UnpooledByteBufAllocator.DEFAULT, 42, ping));

        // byte for byte what the data binding writes, behind the seq
        assertThat(frame).isEqualTo("{\"seq\":42," + mapper.writeValueAsString(ping).substring(1));
        assertThat(mapper.readValue(frame, Ping.class)).isEqualTo(ping);
    }

    @Test
    void shouldWriteAbsentValuesAsNull() {
        Ping ping = new Ping("frames-2", -33.8688, 151.2093, Instant.parse("2026-12-07T10:00:00Z"), null, null, null);

        String frame = text(frames.ping(UnpooledByteBufAllocator.DEFAULT, 1, ping));

        assertThat(frame).isEqualTo("{\"seq\":1,\"driverId\":\"frames-2\",\"latitude\":-33.8688,\"longitude\":151.2093,"
                + "\"recordedAt\":\"2026-12-07T10:00:00Z\",\"accuracyMeters\":null,\"speedMps\":null,"
                + "\"headingDegrees\":null}");
    }

    @Test
    void shouldReadSeqAndStatusOfAnAnswerSkippingTheRest() {
        StreamFrames.Answer answer = frames.answer(buffer("{\"status\":503,\"type\":\"about:blank\","
                + "\"detail\":{\"seq\":7,\"status\":202,\"items\":[1,{\"status\":1}]},\"seq\":9}"));

        assertThat(answer).isEqualTo(new StreamFrames.Answer(9, 503));
    }

    @Test
    void shouldReadAnAnswerWithoutStatusAsStatusZero() {
        assertThat(frames.answer(buffer("{\"seq\":3}"))).isEqualTo(new StreamFrames.Answer(3, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":202}", "{\"seq\":\"3\",\"status\":202}", "{\"seq\":3.5,\"status\":202}",
            "{\"seq\":null,\"status\":400}", "[3,202]", "{\"seq\":3,\"status\":20", "not json"})
    void shouldReadNoAnswerFromAFrameWithoutAnIntegralSeq(String text) {
        assertThat(frames.answer(buffer(text))).isNull();
    }

    private static ByteBuf buffer(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String text(ByteBuf buffer) {
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            buffer.release();
        }
    }
}
