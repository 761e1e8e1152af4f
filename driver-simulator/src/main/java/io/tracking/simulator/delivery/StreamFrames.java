package io.tracking.simulator.delivery;

import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.json.JsonMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;

import io.tracking.simulator.fleet.Ping;

/**
 * The text of the stream's frames, written and read with Jackson's streaming API rather than its data binding: a
 * ping frame is {@code {"seq":n}} followed by the ping's fields as the simulator's {@link JsonMapper} writes a
 * {@link Ping} (instants in ISO-8601, absent values as {@code null}), and of an answer only {@code seq} and
 * {@code status} are read, whatever else it carries skipped unparsed. This runs once per ping on the event loops,
 * where building a bean serializer's output or a whole tree per frame was a good part of the client's cost.
 */
final class StreamFrames {

    /** An answer's {@code seq} and {@code status}; {@code status} is 0 when the answer has none. */
    record Answer(long seq, int status) {
    }

    /** The mapper's own factory, without its data-binding context, which nothing here needs. */
    private final TokenStreamFactory factory;

    StreamFrames(JsonMapper mapper) {
        this.factory = mapper.tokenStreamFactory();
    }

    /** {@code ping} as the frame {@code seq}, in a buffer from {@code allocator} that the caller owns. */
    ByteBuf ping(ByteBufAllocator allocator, long seq, Ping ping) {
        ByteBuf frame = allocator.buffer(256);
        try (JsonGenerator json = factory.createGenerator(ObjectWriteContext.empty(),
                (OutputStream) new ByteBufOutputStream(frame))) {
            json.writeStartObject();
            json.writeNumberProperty("seq", seq);
            json.writeStringProperty("driverId", ping.driverId());
            json.writeNumberProperty("latitude", ping.latitude());
            json.writeNumberProperty("longitude", ping.longitude());
            json.writeStringProperty("recordedAt", ping.recordedAt().toString());
            writeOptional(json, "accuracyMeters", ping.accuracyMeters());
            writeOptional(json, "speedMps", ping.speedMps());
            writeOptional(json, "headingDegrees", ping.headingDegrees());
            json.writeEndObject();
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        return frame;
    }

    private static void writeOptional(JsonGenerator json, String name, @Nullable Double value) {
        if (value == null) {
            json.writeNullProperty(name);
        } else {
            json.writeNumberProperty(name, value.doubleValue());
        }
    }

    /**
     * The {@code seq} and {@code status} of an answer {@code {"seq":n,"status":s,...}}, or null when {@code text}
     * is no JSON object with an integral {@code seq}: no ping can be settled by it.
     */
    @Nullable Answer answer(ByteBuf text) {
        byte[] bytes = ByteBufUtil.getBytes(text);
        long seq = -1;
        boolean hasSeq = false;
        int status = 0;
        try (JsonParser json = factory.createParser(ObjectReadContext.empty(), bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if ("seq".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    seq = json.getLongValue();
                    hasSeq = true;
                } else if ("status".equals(name)) {
                    status = json.getValueAsInt(0);
                    json.skipChildren();
                } else {
                    json.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return null;
        }
        return hasSeq ? new Answer(seq, status) : null;
    }
}
