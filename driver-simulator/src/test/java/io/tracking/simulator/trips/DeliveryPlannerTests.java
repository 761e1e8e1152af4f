package io.tracking.simulator.trips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdateRules;
import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.Stop;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.trips.PlannedPing.Noise;

class DeliveryPlannerTests {

    private static final Instant ORIGIN = Instant.parse("2026-01-05T08:00:00Z");
    private static final long SEED = 42;
    private static List<DeliveryOrder> orders;
    private static List<PlannedTrip> trips;

    @BeforeAll
    static void plan() {
        orders = DeliveryPlanner.orders("test-", 300, CityArea.BENGALURU, SEED);
        trips = DeliveryPlanner.trips(orders, ORIGIN, SEED);
    }

    @Test
    void shouldDriveToThePickupWaitThreeToEightMinutesDriveToTheDropOffAndWait() {
        for (PlannedTrip trip : trips) {
            TripTruth truth = trip.truth();
            List<Ping> pings = distinctFixes(trip);
            assertThat(pings.get(0).recordedAt())
                    .isBetween(ORIGIN, ORIGIN.plus(DeliveryPlanner.MAX_STAGGER).plusSeconds(1));
            // the wait is 3–8 min from parking, which comes a few seconds after entering the arrive radius
            assertThat(Duration.between(truth.pickupArrival(), truth.pickupDeparture()))
                    .isBetween(Duration.ofMinutes(3), Duration.ofMinutes(8).plusSeconds(30));
            assertThat(truth.dropoffArrival()).isAfter(truth.pickupDeparture().plusSeconds(60));
            assertThat(pings.get(pings.size() - 1).recordedAt())
                    .isBetween(truth.dropoffArrival().plusSeconds(55), truth.dropoffArrival().plusSeconds(150));
            assertThat(Duration.between(pings.get(0).recordedAt(), pings.get(pings.size() - 1).recordedAt()))
                    .isLessThan(DeliveryPlanner.MAX_TRIP);
        }
    }

    @Test
    void shouldDriveAtRealisticSpeedsAlongABentRoute() {
        List<Double> speeds = new ArrayList<>();
        for (PlannedTrip trip : trips) {
            GeoPoint pickup = trip.order().pickup();
            GeoPoint dropoff = trip.order().dropoff();
            double straight = Distances.meters(pickup, dropoff);
            double seconds = Duration.between(trip.truth().pickupDeparture(), trip.truth().dropoffArrival())
                    .toSeconds();
            speeds.add(straight / seconds);
            for (Ping ping : distinctFixes(trip)) {
                assertThat(ping.speedMps()).isBetween(0.0, 14.5);
                assertThat(ping.accuracyMeters()).isBetween(5.0, 40.0);
                assertThat(LocationUpdateRules.violations(ping.toLocationUpdate(ping.recordedAt()))).isEmpty();
            }
        }
        // straight-line progress is slower than the 6–12 m/s driven: bends, slow-downs, braking
        double mean = speeds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isBetween(4.0, 9.0);
        assertThat(speeds).allSatisfy(speed -> assertThat(speed).isBetween(1.5, 12.0));
    }

    @Test
    void shouldTakeAFixEveryFourSecondsWithOccasionalGapsAwayFromTheStops() {
        int gaps = 0;
        for (PlannedTrip trip : trips) {
            List<Ping> pings = distinctFixes(trip);
            for (int i = 1; i < pings.size(); i++) {
                long seconds = Duration.between(pings.get(i - 1).recordedAt(), pings.get(i).recordedAt()).toMillis()
                        / 1000;
                assertThat(seconds % 4).isZero();
                if (seconds > 4) {
                    gaps++;
                    assertThat(seconds).isBetween(32L, 64L);
                    for (Stop stop : Stop.values()) {
                        Instant arrival = trip.truth().arrival(stop);
                        // fixes come from before the driver enters the stop until the dwell is over
                        Instant before = pings.get(i - 1).recordedAt();
                        Instant after = pings.get(i).recordedAt();
                        assertThat(after.isAfter(arrival.minusSeconds(8)) && before.isBefore(arrival.plusSeconds(30)))
                                .as("a gap from %s to %s, near the arrival at %s", before, after, arrival).isFalse();
                    }
                }
            }
        }
        assertThat(gaps).isBetween(trips.size() / 3, trips.size() * 3);
    }

    @Test
    void shouldDelayFivePercentDuplicateTwoPercentAndJumpAboutOnceATrip() {
        Map<Noise, Long> counts = trips.stream().flatMap(trip -> trip.pings().stream())
                .collect(Collectors.groupingBy(PlannedPing::noise, Collectors.counting()));
        long fixes = counts.values().stream().mapToLong(Long::longValue).sum() - counts.get(Noise.DUPLICATE);
        assertThat(counts.get(Noise.DELAYED) / (double) fixes).isCloseTo(0.05, within(0.005));
        assertThat(counts.get(Noise.DUPLICATE) / (double) fixes).isCloseTo(0.02, within(0.004));
        assertThat(counts.get(Noise.JUMP) / (double) trips.size()).isBetween(0.5, 3.0);
        for (PlannedTrip trip : trips) {
            Map<Instant, PlannedPing> originals = trip.pings().stream().filter(ping -> ping.noise() != Noise.DUPLICATE)
                    .collect(Collectors.toMap(ping -> ping.ping().recordedAt(), Function.identity()));
            for (PlannedPing planned : trip.pings()) {
                Duration late = Duration.between(planned.ping().recordedAt(), planned.sendAt());
                switch (planned.noise()) {
                    case DELAYED -> assertThat(late).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(25));
                    case DUPLICATE -> {
                        assertThat(late).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(24));
                        assertThat(originals.get(planned.ping().recordedAt()).ping()).isEqualTo(planned.ping());
                    }
                    default -> assertThat(late).isZero();
                }
            }
        }
    }

    @Test
    void shouldReportFixesWithinThirtyMetresOfTheTruthAtTheStopsExceptJumps() {
        for (PlannedTrip trip : trips) {
            for (PlannedPing planned : trip.pings()) {
                Instant at = planned.ping().recordedAt();
                // parked at 3–12 m from the point, measured with at most 30 m of error
                boolean parkedAtPickup = !at.isBefore(trip.truth().pickupArrival().plusSeconds(15))
                        && at.isBefore(trip.truth().pickupDeparture());
                double distance = Distances.meters(point(planned.ping()), trip.order().pickup());
                if (parkedAtPickup && planned.noise() != Noise.JUMP) {
                    assertThat(distance).isLessThanOrEqualTo(42.0 + 1);
                } else if (parkedAtPickup) {
                    assertThat(distance).isBetween(250.0, 520.0);
                }
            }
        }
    }

    @Test
    void shouldPassSomeStopsAtTenToThirtyMetresWithoutStoppingBeforeArriving() {
        List<TripTruth.DriveBy> driveBys = trips.stream().flatMap(trip -> trip.truth().driveBys().stream()).toList();
        assertThat(driveBys.size() / (2.0 * trips.size())).isCloseTo(DeliveryPlanner.DRIVE_BY_SHARE, within(0.04));
        for (PlannedTrip trip : trips) {
            for (TripTruth.DriveBy driveBy : trip.truth().driveBys()) {
                assertThat(driveBy.closestMeters()).isBetween(9.0, 31.0);
                assertThat(driveBy.speedMps()).isGreaterThanOrEqualTo(9.5);
                // gone past and back: the real arrival comes well after the pass
                assertThat(trip.truth().arrival(driveBy.stop())).isAfter(driveBy.at().plusSeconds(40));
            }
        }
    }

    @Test
    void shouldRepeatTheSameOrdersAndTripsForTheSameSeed() {
        List<DeliveryOrder> again = DeliveryPlanner.orders("test-", 300, CityArea.BENGALURU, SEED);
        assertThat(again).isEqualTo(orders);
        assertThat(DeliveryPlanner.trips(again, ORIGIN, SEED)).isEqualTo(trips);
        assertThat(orders).extracting(DeliveryOrder::driverId).doesNotHaveDuplicates();
        assertThat(orders.get(7).orderId()).isEqualTo("test-order-007");
        assertThat(orders.get(7).driverId()).isEqualTo("test-007");
    }

    private static List<Ping> distinctFixes(PlannedTrip trip) {
        return trip.pings().stream().filter(ping -> ping.noise() != Noise.DUPLICATE).map(PlannedPing::ping)
                .sorted((a, b) -> a.recordedAt().compareTo(b.recordedAt())).toList();
    }

    private static GeoPoint point(Ping ping) {
        return new GeoPoint(ping.latitude(), ping.longitude());
    }
}
