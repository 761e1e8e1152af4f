package io.tracking.trips.stream;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The serdes of the topology: JSON without type headers, so that the topics and changelogs carry only the
 * contract's documents (and the internal records of this package). A deserializer that cannot read its bytes
 * throws, and {@link SkippingDeserializationHandler} skips the record.
 *
 * <p>The records only this service reads (state stores, their changelogs, the repartition topics) write instants
 * and durations as numbers rather than ISO-8601 text: a trip's state is read and written again for every fix of
 * its driver, and formatting and parsing its dozens of timestamps was a fifth of the service's CPU per ping. Both
 * forms are read, so stores written before stay readable. The contract's topics keep the contract's ISO text.
 */
final class TripSerdes {

    private final JsonMapper contract;
    private final JsonMapper internal;

    TripSerdes(JsonMapper mapper) {
        this.contract = mapper;
        this.internal = mapper.rebuild().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();
    }

    /** A document of the contract's topics, as the contract writes it. */
    <T> Serde<T> json(Class<T> type) {
        return new JacksonJsonSerde<T>(type, contract).noTypeInfo().ignoreTypeHeaders();
    }

    /** A record of this service's own stores and repartition topics, its times as numbers. */
    <T> Serde<T> internal(Class<T> type) {
        return new JacksonJsonSerde<T>(type, internal).noTypeInfo().ignoreTypeHeaders();
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
