package io.tracking.trips.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.trips.model.EtaEstimator;
import io.tracking.trips.model.Fix;
import io.tracking.trips.model.OrderTrip;
import io.tracking.trips.model.TripParameters;
import tools.jackson.databind.json.JsonMapper;

/** The stores' records: numbers for times, read back exactly, and the ISO text written before still read. */
class TripSerdesTests {

    private static final Instant ASSIGNED = Instant.parse("2026-12-07T12:00:00Z");

    private final TripSerdes serdes = new TripSerdes(JsonMapper.builder().build());

    @Test
    void shouldWriteAStoredTripsTimesAsNumbersAndReadItBackExactly() {
        StoredTrip stored = storedTrip();
        Serde<StoredTrip> serde = serdes.internal(StoredTrip.class);

        byte[] bytes = serde.serializer().serialize("order-trips-changelog", stored);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("2026-12-07T").doesNotContain("PT20S");
        assertThat(serde.deserializer().deserialize("order-trips-changelog", bytes)).isEqualTo(stored);
    }

    @Test
    void shouldReadAStoredTripWrittenWithIsoTimes() {
        StoredTrip stored = storedTrip();
        byte[] before = serdes.json(StoredTrip.class).serializer().serialize("order-trips-changelog", stored);

        assertThat(new String(before, StandardCharsets.UTF_8)).contains("2026-12-07T12:00:04.123456789Z");
        assertThat(serdes.internal(StoredTrip.class).deserializer().deserialize("order-trips-changelog", before))
                .isEqualTo(stored);
    }

    /** A trip with an order and a fix whose time has nanoseconds: what the store keeps between two fixes. */
    private static StoredTrip storedTrip() {
        GeoPoint pickup = new GeoPoint(12.9716, 77.5946);
        OrderSnapshot order = new OrderSnapshot("order-1", 1, "driver-1", OrderSnapshot.ASSIGNED, pickup,
                new GeoPoint(12.99, 77.61), ASSIGNED, ASSIGNED, null);
        OrderTrip trip = OrderTrip.open(order, TripParameters.defaults());
        trip.onOrder(order, ASSIGNED);
        trip.onFix(new Fix("driver-1", 12.95, 77.58, Instant.parse("2026-12-07T12:00:04.123456789Z"), 8.0, 9.5, 3,
                42), ASSIGNED, EtaEstimator.withoutHistory());
        return new StoredTrip(trip.state(), null);
    }
}
