package io.tracking.simulator.trips;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.trips.PlannedPing.Noise;

class PingReplayTests {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    @Test
    void shouldUploadEachDriversFixesEveryTwelveSecondsAndADelayedOneAfterNewerOnes() {
        PlannedTrip a = trip("d-a", List.of(
                planned("d-a", 0, 0, Noise.NONE),
                planned("d-a", 4, 20, Noise.DELAYED),
                planned("d-a", 8, 8, Noise.NONE),
                planned("d-a", 12, 12, Noise.NONE),
                planned("d-a", 16, 16, Noise.NONE)));
        PlannedTrip b = trip("d-b", List.of(planned("d-b", 2, 2, Noise.NONE), planned("d-b", 6, 6, Noise.NONE)));

        List<PingReplay.Upload> uploads = PingReplay.uploads(List.of(a, b));

        assertThat(uploads).extracting(PingReplay.Upload::at)
                .containsExactly(T0, T0.plusSeconds(2), T0.plusSeconds(12), T0.plusSeconds(14), T0.plusSeconds(24));
        assertThat(uploads.get(2).pings()).extracting(Ping::recordedAt)
                .containsExactly(T0.plusSeconds(8), T0.plusSeconds(12));
        // the fix recorded at 4 s comes after the one recorded at 16 s: out of order on the topic
        assertThat(uploads.get(4).pings()).extracting(Ping::recordedAt)
                .containsExactly(T0.plusSeconds(16), T0.plusSeconds(4));
        assertThat(uploads).allSatisfy(upload -> assertThat(upload.pings())
                .extracting(Ping::driverId).containsOnly(upload.pings().get(0).driverId()));
    }

    private static PlannedTrip trip(String driverId, List<PlannedPing> pings) {
        DeliveryOrder order = new DeliveryOrder("o-" + driverId, driverId, "c", "r", new GeoPoint(12.9, 77.6),
                new GeoPoint(12.91, 77.6));
        return new PlannedTrip(order, new TripTruth(order.orderId(), driverId, T0, T0, T0, List.of()),
                pings.stream().sorted((x, y) -> x.sendAt().compareTo(y.sendAt())).toList());
    }

    private static PlannedPing planned(String driverId, int recordedSecond, int sentSecond, Noise noise) {
        Instant recordedAt = T0.plusSeconds(recordedSecond);
        return new PlannedPing(new Ping(driverId, 12.9, 77.6, recordedAt, 10.0, 8.0, 90.0),
                T0.plusSeconds(sentSecond), noise);
    }
}
