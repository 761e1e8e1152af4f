package io.tracking.ingest.publish;

import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateWriter;

/**
 * The producer's value serializer: the contract's JSON from {@link LocationUpdateWriter}, the same document data
 * binding wrote (Spring Kafka's {@code JacksonJsonSerializer}) for a fraction of its cost per ping, and no type
 * headers (consumers read the contract, not Java types).
 */
public final class LocationUpdateSerializer implements Serializer<LocationUpdate> {

    private final LocationUpdateWriter writer = new LocationUpdateWriter();

    @Override
    public byte @Nullable [] serialize(String topic, @Nullable LocationUpdate update) {
        return update == null ? null : writer.write(update);
    }
}
