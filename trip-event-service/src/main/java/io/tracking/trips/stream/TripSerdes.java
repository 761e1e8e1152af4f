package io.tracking.trips.stream;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;
import tools.jackson.databind.json.JsonMapper;

/**
 * The serdes of the topology: JSON without type headers, so that the topics and changelogs carry only the
 * contract's documents (and the internal records of this package). A deserializer that cannot read its bytes
 * throws, and {@link SkippingDeserializationHandler} skips the record.
 */
final class TripSerdes {

    private final JsonMapper mapper;

    TripSerdes(JsonMapper mapper) {
        this.mapper = mapper;
    }

    <T> Serde<T> json(Class<T> type) {
        return new JacksonJsonSerde<T>(type, mapper).noTypeInfo().ignoreTypeHeaders();
    }

    /**
     * Location updates read by the contract's strict reader, the one every consumer of the topic shares; written
     * (by tests) as JSON.
     */
    Serde<LocationUpdate> locationUpdates() {
        LocationUpdateReader reader = new LocationUpdateReader();
        Deserializer<LocationUpdate> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                throw new SerializationException("A location update without a value");
            }
            try {
                return reader.read(bytes);
            } catch (LocationUpdateReader.MalformedException e) {
                throw new SerializationException("Malformed location update, field " + e.field());
            }
        };
        return Serdes.serdeFrom(json(LocationUpdate.class).serializer(), deserializer);
    }
}
