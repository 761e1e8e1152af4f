package io.tracking.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tracking.contract.LocationUpdateRules;

class DriverPathTests {

    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

    @ParameterizedTest
    @ValueSource(doubles = {500, 2_000, 15_000})
    void shouldKeepEveryPingWithinTheContractAndTheCityArea(double radiusMeters) {
        CityArea area = new CityArea(12.9716, 77.5946, radiusMeters);
        for (Ping ping : drive(area, 30, 1_000, Duration.ofSeconds(3))) {
            assertThat(ping.speedMps()).isBetween(0.0, DriverPath.MAX_SPEED_MPS);
            assertThat(ping.headingDegrees()).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
            assertThat(area.distanceFromCentre(ping.latitude(), ping.longitude()))
                    .isLessThanOrEqualTo(radiusMeters + DriverPath.maxOvershootMeters());
            assertThat(LocationUpdateRules.violations(ping.toLocationUpdate(ping.recordedAt()))).isEmpty();
        }
    }

    @Test
    void shouldUseTheWholeAreaRatherThanStandStill() {
        List<Ping> pings = drive(CityArea.BENGALURU, 20, 2_000, Duration.ofSeconds(5));
        double farthest = pings.stream()
                .mapToDouble(ping -> CityArea.BENGALURU.distanceFromCentre(ping.latitude(), ping.longitude()))
                .max().orElseThrow();
        double meanSpeed = pings.stream().mapToDouble(Ping::speedMps).average().orElseThrow();
        assertThat(farthest).isGreaterThan(CityArea.BENGALURU.radiusMeters() * 0.6);
        assertThat(meanSpeed).isBetween(3.0, 17.0);
    }

    @Test
    void shouldTurnAndAccelerateSmoothlyBetweenFixesOneSecondApart() {
        DriverPath path = new DriverPath(newDriverId(), CityArea.BENGALURU, new SplittableRandom(7));
        Ping previous = path.next(START);
        for (int i = 1; i < 5_000; i++) {
            Ping ping = path.next(START.plusSeconds(i));
            double turn = Math.abs(DriverPath.normalise(ping.headingDegrees() - previous.headingDegrees() + 180) - 180);
            assertThat(turn).isLessThanOrEqualTo(DriverPath.MAX_TURN_RATE_DEGREES_PER_SECOND + 0.2);
            assertThat(Math.abs(ping.speedMps() - previous.speedMps()))
                    .isLessThanOrEqualTo(DriverPath.MAX_ACCELERATION_MPS2 + 0.02);
            previous = ping;
        }
    }

    @Test
    void shouldMakeRecordedAtStrictlyIncreasingEvenWhenAskedForTheSameOrAnEarlierInstant() {
        DriverPath path = new DriverPath(newDriverId(), CityArea.BENGALURU, new SplittableRandom(1));
        Instant previous = path.next(START).recordedAt();
        Instant[] asked = {START, START.minusSeconds(3), START.plusNanos(400_000), START.plusMillis(2), START};
        for (Instant at : asked) {
            Instant recordedAt = path.next(at).recordedAt();
            assertThat(recordedAt).isAfter(previous);
            assertThat(recordedAt.getNano() % 1_000_000).isZero();
            previous = recordedAt;
        }
    }

    @Test
    void shouldRepeatTheSamePathsForTheSameSeed() {
        Fleet first = Fleet.create("sim-seed-", 3, CityArea.BENGALURU, 42);
        Fleet second = Fleet.create("sim-seed-", 3, CityArea.BENGALURU, 42);
        for (int i = 0; i < 3; i++) {
            assertThat(second.path(i).next(START)).isEqualTo(first.path(i).next(START));
            assertThat(second.path(i).next(START.plusSeconds(5))).isEqualTo(first.path(i).next(START.plusSeconds(5)));
        }
    }

    @Test
    void shouldNumberDriverIdsWithZeroPaddingAfterThePrefix() {
        Fleet fleet = Fleet.create("sim-abc123-", 120, CityArea.BENGALURU, 1);
        assertThat(fleet.path(0).driverId()).isEqualTo("sim-abc123-000");
        assertThat(fleet.path(119).driverId()).isEqualTo("sim-abc123-119");
        assertThat(Fleet.driverId("p-", 7, 1)).isEqualTo("p-7");
    }

    @Test
    void shouldNormaliseHeadingsIntoTheHalfOpenCircle() {
        assertThat(DriverPath.normalise(-1e-17)).isZero();
        assertThat(DriverPath.normalise(360)).isZero();
        assertThat(DriverPath.normalise(-90)).isEqualTo(270);
        assertThat(DriverPath.normalise(725)).isEqualTo(5);
    }

    private static List<Ping> drive(CityArea area, int drivers, int fixes, Duration interval) {
        SplittableRandom seeds = new SplittableRandom(99);
        List<Ping> pings = new ArrayList<>();
        for (int d = 0; d < drivers; d++) {
            DriverPath path = new DriverPath(newDriverId(), area, seeds.split());
            Instant previous = null;
            for (int i = 0; i < fixes; i++) {
                Ping ping = path.next(START.plus(interval.multipliedBy(i)));
                if (previous != null) {
                    assertThat(ping.recordedAt()).isAfter(previous);
                }
                previous = ping.recordedAt();
                pings.add(ping);
            }
        }
        return pings;
    }

    private static String newDriverId() {
        return "drv-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
