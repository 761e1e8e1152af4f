package io.tracking.trips.model;

import static io.tracking.contract.trip.TripEventType.APPROACHING_DROPOFF;
import static io.tracking.contract.trip.TripEventType.APPROACHING_PICKUP;
import static io.tracking.contract.trip.TripEventType.ARRIVED_AT_DROPOFF;
import static io.tracking.contract.trip.TripEventType.ARRIVED_AT_PICKUP;
import static io.tracking.contract.trip.TripEventType.DRIVER_ASSIGNED;
import static io.tracking.contract.trip.TripEventType.DRIVER_CHANGED;
import static io.tracking.contract.trip.TripEventType.LEFT_PICKUP;
import static io.tracking.trips.model.Track.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.PingRef;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEvidence;

/** The trip state machine against the journeys the issue names, each built with {@link Track}. */
class OrderTripTests {

    static final GeoPoint PICKUP = new GeoPoint(12.9716, 77.5946);
    static final GeoPoint DROPOFF = offset(PICKUP, 2400, 1800);
    static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    static OrderSnapshot order(long version, String driverId, String status, Instant assignedAt) {
        return new OrderSnapshot("order-1", version, driverId, status, PICKUP, DROPOFF, assignedAt, assignedAt, null);
    }

    static OrderSnapshot assigned(String driverId) {
        return order(1, driverId, OrderSnapshot.ASSIGNED, T0);
    }

    /** Six kilometres to the pickup at 9 m/s, four minutes there, three kilometres to the drop-off, three there. */
    static List<Fix> happyPath() {
        return Track.of("driver-1", offset(PICKUP, -6000, 0), T0)
                .moveTo(PICKUP, 9)
                .stayWithJitter(Duration.ofMinutes(4), 10)
                .moveTo(DROPOFF, 10)
                .stayWithJitter(Duration.ofMinutes(3), 10)
                .fixes();
    }

    @Test
    void shouldProduceTheWholeTripInOrderWithItsEvidence() {
        List<Fix> fixes = happyPath();

        TripRun run = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, ARRIVED_AT_PICKUP, LEFT_PICKUP,
                APPROACHING_DROPOFF, ARRIVED_AT_DROPOFF);
        assertThat(run.events()).extracting(TripEvent::eventId).allMatch(id -> id.startsWith("order-1/")
                && id.endsWith("/1"));
        assertThat(run.events()).extracting(TripEvent::at).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(run.events()).allMatch(event -> event.driverId().equals("driver-1")
                && event.detectedAt().equals(TripRun.NOW) && event.type().stop() == event.stop());
        assertThat(run.trip().finished()).isTrue();

        assertThat(run.event(DRIVER_ASSIGNED).at()).isEqualTo(T0);
        assertThat(run.event(DRIVER_ASSIGNED).evidence()).isEqualTo(TripEvidence.none());

        TripEvidence approach = run.event(APPROACHING_PICKUP).evidence();
        assertThat(approach.pings()).hasSize(1);
        assertThat(approach.etaSeconds()).isLessThan(120.0);
        assertThat(approach.distanceMeters()).isGreaterThan(500.0);

        Fix entered = firstWithin(fixes, PICKUP, 60, T0);
        TripEvent arrived = run.event(ARRIVED_AT_PICKUP);
        assertThat(arrived.at()).as("decided by stream time as the dwell ends, counted from crossing 50 m")
                .isCloseTo(crossing(fixes, entered).plusSeconds(20), within(100, ChronoUnit.MILLIS))
                .isBefore(entered.recordedAt().plusSeconds(20));
        assertThat(arrived.evidence().pings()).hasSize(2);
        assertThat(arrived.evidence().pings().get(0)).isEqualTo(entered.ref());
        assertThat(arrived.evidence().pings().get(0).offset()).isEqualTo(fixes.indexOf(entered));
        assertThat(arrived.evidence().dwellSeconds()).isEqualTo(20.0);
        assertThat(arrived.evidence().distanceMeters()).isLessThanOrEqualTo(60.0);
        assertThat(arrived.evidence().accuracyMeters()).isEqualTo(10.0);

        TripEvidence left = run.event(LEFT_PICKUP).evidence();
        assertThat(left.pings()).hasSize(2);
        assertThat(left.distanceMeters()).isGreaterThan(130.0);
        assertThat(left.etaSeconds()).as("to the drop-off").isGreaterThan(200.0);
        assertThat(run.event(LEFT_PICKUP).at()).isEqualTo(left.pings().get(0).recordedAt());

        assertThat(run.event(ARRIVED_AT_DROPOFF).evidence().distanceMeters()).isLessThanOrEqualTo(60.0);
    }

    @Test
    void shouldPublishEtasToTheNextStopAndMeasureThemAtEachArrival() {
        TripRun run = TripRun.of(assigned("driver-1")).busyPartition().fixes(happyPath());

        assertThat(run.etas()).extracting(eta -> eta.stop()).containsSubsequence(Stop.PICKUP, Stop.DROPOFF);
        for (int i = 1; i < run.etas().size(); i++) {
            if (run.etas().get(i).stop() == run.etas().get(i - 1).stop()) {
                assertThat(Duration.between(run.etas().get(i - 1).basedOnRecordedAt(),
                        run.etas().get(i).basedOnRecordedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            }
        }
        assertThat(run.etas()).allMatch(eta -> eta.at().equals(eta.basedOnRecordedAt().plusSeconds(eta.seconds()))
                && eta.computedAt().equals(TripRun.NOW) && eta.orderId().equals("order-1"));
        // 6 km at 9 m/s is 11 minutes: every horizon; 3 km at 10 m/s is 5 minutes: 5 and 2
        assertThat(run.accuracies()).extracting(EtaAccuracy::stop, EtaAccuracy::horizon).containsExactly(
                tuple(Stop.PICKUP, Duration.ofMinutes(10)),
                tuple(Stop.PICKUP, Duration.ofMinutes(5)),
                tuple(Stop.PICKUP, Duration.ofMinutes(2)),
                tuple(Stop.DROPOFF, Duration.ofMinutes(5)),
                tuple(Stop.DROPOFF, Duration.ofMinutes(2)));
        // a straight road at a steady 9 m/s, first judged by the fallback speed and the initial detour factor: the
        // ETA starts long and comes right as the driver's pace takes over
        assertThat(run.accuracies().subList(0, 3)).extracting(EtaAccuracy::absoluteErrorSeconds)
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(run.accuracies().get(2).absoluteErrorSeconds()).isLessThan(0.25 * 120);
        assertThat(run.legs()).extracting(LegObservation::stop).containsExactly(Stop.PICKUP, Stop.DROPOFF);
        assertThat(run.legs().get(0).ratio()).as("against the fallback speed, not the driver's")
                .isCloseTo(EtaEstimator.FALLBACK_SPEED_MPS / 9, within(0.02));
    }

    @Test
    void shouldCountAStopAtALightAsTimeLostRatherThanAsTheSpeedFromThenOn() {
        Duration light = Duration.ofSeconds(40);
        List<Fix> fixes = Track.of("driver-1", offset(PICKUP, -6000, 0), T0)
                .moveTo(offset(PICKUP, -3000, 0), 9)
                .stay(light)
                .moveTo(PICKUP, 9)
                .fixes();
        Instant stopped = T0.plusSeconds(3000 / 9);

        TripRun run = TripRun.of(assigned("driver-1")).fixes(fixes);

        EtaUpdate before = run.etas().stream().filter(eta -> eta.basedOnRecordedAt().isBefore(stopped))
                .reduce((first, second) -> second).orElseThrow();
        EtaUpdate after = run.etas().stream().filter(eta -> eta.basedOnRecordedAt().isAfter(stopped.plus(light)))
                .findFirst().orElseThrow();
        // the driver who stopped once may stop again, but waits at a light for seconds, not at 0 m/s for good
        assertThat(Duration.between(before.at(), after.at())).isGreaterThan(light)
                .isLessThan(light.multipliedBy(3));
    }

    @ParameterizedTest(name = "accuracy {0} m")
    @ValueSource(doubles = {5, 30})
    void shouldArriveOnceAndNeverLeaveWhenParkedWithThirtyMetresOfJitter(double accuracy) {
        List<Fix> fixes = Track.of("driver-1", PICKUP, T0).accuracy(accuracy)
                .stayWithJitter(Duration.ofMinutes(15), 30)
                .fixes();

        TripRun run = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, ARRIVED_AT_PICKUP);
    }

    @ParameterizedTest(name = "{0} m/s, accuracy {1} m, speed reported: {2}")
    @CsvSource({"10, 10, true", "10, 30, true", "10, 10, false", "10, 30, false", "8, 30, true", "8, 30, false"})
    void shouldNotArriveWhenDrivingByTenMetresFromTheRestaurant(double speed, double accuracy, boolean reportsSpeed) {
        // at 8 m/s with ±30 m the fixes stay inside for 16 s: stream time must not complete that dwell
        List<Fix> fixes = Track.of("driver-1", offset(PICKUP, -1500, 10), T0).accuracy(accuracy)
                .reportsSpeed(reportsSpeed)
                .moveTo(offset(PICKUP, 1500, 10), speed)
                .fixes();

        TripRun run = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP);
    }

    @Test
    void shouldNeitherArriveNorLeaveWhenParkedNextDoor() {
        GeoPoint nextDoor = offset(PICKUP, 0, 90);
        List<Fix> fixes = Track.of("driver-1", offset(PICKUP, -2000, 0), T0)
                .moveTo(nextDoor, 8)
                .stayWithJitter(Duration.ofMinutes(10), 10)
                .moveTo(PICKUP, 1.5)
                .stayWithJitter(Duration.ofMinutes(1), 10)
                .moveTo(nextDoor, 1.5)
                .stayWithJitter(Duration.ofMinutes(10), 10)
                .fixes();

        TripRun run = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, ARRIVED_AT_PICKUP);
    }

    @Test
    void shouldNotRestartTheDwellForOneStrayFixButForTwoInARow() {
        List<Fix> oneStray = Track.of("driver-1", PICKUP, T0).stay(Duration.ofSeconds(8)).jump(75)
                .stay(Duration.ofSeconds(8)).jump(75).stay(Duration.ofSeconds(60)).fixes();
        List<Fix> twoStrays = Track.of("driver-1", PICKUP, T0).stay(Duration.ofSeconds(8)).jump(75).jump(75)
                .stay(Duration.ofSeconds(60)).fixes();

        TripEvent despiteStrays = TripRun.of(assigned("driver-1")).fixes(oneStray).event(ARRIVED_AT_PICKUP);
        TripEvent afterStrays = TripRun.of(assigned("driver-1")).fixes(twoStrays).event(ARRIVED_AT_PICKUP);

        assertThat(despiteStrays.evidence().pings()).containsExactly(oneStray.get(0).ref(), oneStray.get(6).ref());
        assertThat(despiteStrays.at()).isEqualTo(oneStray.get(0).recordedAt().plusSeconds(20));
        assertThat(afterStrays.evidence().pings().get(0)).isEqualTo(twoStrays.get(4).ref());
        // back in after the second stray: the dwell counts from between it and the next fix
        assertThat(afterStrays.at()).isAfter(twoStrays.get(3).recordedAt().plusSeconds(20))
                .isBefore(twoStrays.get(4).recordedAt().plusSeconds(20));
    }

    @ParameterizedTest(name = "a fix every {0} s")
    @ValueSource(ints = {4, 10})
    void shouldNotLeaveOnAFourHundredMetreJumpOfOneFixButOnTheRealDeparture(int interval) {
        Track track = Track.of("driver-1", PICKUP, T0).every(Duration.ofSeconds(interval))
                .stayWithJitter(Duration.ofMinutes(2), 5)
                .jump(400)
                .stayWithJitter(Duration.ofMinutes(2), 5);
        Instant departure = track.now();
        List<Fix> fixes = track.moveTo(offset(PICKUP, 1000, 0), 8).fixes();

        TripRun run = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, ARRIVED_AT_PICKUP, LEFT_PICKUP);
        assertThat(run.event(LEFT_PICKUP).at()).isAfter(departure)
                .isBefore(departure.plusSeconds(20 + interval));
    }

    @Test
    void shouldDeriveTheSameEventsFromOutOfOrderAndDuplicatedFixes() {
        List<Fix> inOrder = happyPath();
        TripRun expected = TripRun.of(assigned("driver-1")).fixes(inOrder);
        // fixes come out of order around the fixes that decide events, not across them: an approach or a departure
        // is decided at the first fix that shows it, and cannot wait the grace window for an earlier one to come
        Set<Instant> deciding = expected.events().stream().flatMap(event -> event.evidence().pings().stream())
                .map(PingRef::recordedAt).collect(Collectors.toSet());
        Random random = new Random(7);
        List<Fix> shuffled = new ArrayList<>(inOrder);
        for (int i = 0; i < shuffled.size() - 4; i++) {
            if (random.nextDouble() < 0.15) {
                int to = i + 1 + random.nextInt(3);
                if (shuffled.subList(i, to + 1).stream().noneMatch(fix -> deciding.contains(fix.recordedAt()))) {
                    shuffled.add(to, shuffled.remove(i));
                }
            }
        }
        int duplicates = 0;
        // not among the last fixes at the drop-off: a finished trip takes no more fixes, it is deleted
        for (int i = 0; i < shuffled.size() - 60; i++) {
            if (random.nextDouble() < 0.05) {
                shuffled.add(i + 2 + random.nextInt(4), shuffled.get(i));
                duplicates++;
                i++;
            }
        }
        assertThat(shuffled).isNotEqualTo(inOrder);

        TripRun actual = TripRun.of(assigned("driver-1")).fixes(shuffled);

        // the same events at the same times; only an arrival's deciding fix may differ: the first fix past the
        // dwell that came, which a reordering may change
        assertThat(actual.events()).map(OrderTripTests::withoutDecidingFix)
                .isEqualTo(expected.events().stream().map(OrderTripTests::withoutDecidingFix).toList());
        assertThat(actual.duplicatePings()).isEqualTo(duplicates).isPositive();
        assertThat(actual.latePings()).isZero();
    }

    @Test
    void shouldCountAFixLaterThanTheGraceWindowAndNotUseIt() {
        Track track = Track.of("driver-1", offset(PICKUP, -3000, 0), T0);
        List<Fix> fixes = new ArrayList<>(track.moveTo(offset(PICKUP, -1000, 0), 10).fixes());
        Fix late = fixes.remove(fixes.size() - 12);
        Fix lateAtThePickup = new Fix("driver-1", PICKUP.latitude(), PICKUP.longitude(), late.recordedAt(), 5.0,
                0.0, 0, 999);

        TripRun run = TripRun.of(assigned("driver-1")).fixes(fixes).fix(lateAtThePickup);

        assertThat(run.latePings()).isEqualTo(1);
        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED);
    }

    @Test
    void shouldMeasureTheDwellAcrossASixtySecondGapWhenTheFixesOnBothSidesAreInside() {
        Track track = Track.of("driver-1", offset(PICKUP, -300, 0), T0).moveTo(PICKUP, 8);
        Instant afterGap = track.now().plusSeconds(60);
        List<Fix> fixes = track.gap(Duration.ofSeconds(60)).stayWithJitter(Duration.ofMinutes(3), 10).fixes();

        TripRun run = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, ARRIVED_AT_PICKUP);
        // inside before and after the gap: inside through it, and arrived 20 s after entering, though only the fix
        // after the gap could show it
        TripEvent arrived = run.event(ARRIVED_AT_PICKUP);
        Instant entered = arrived.evidence().pings().get(0).recordedAt();
        assertThat(arrived.at()).isBetween(entered.plusSeconds(16), entered.plusSeconds(20)).isBefore(afterGap);
        assertThat(arrived.evidence().pings().get(1).recordedAt()).isEqualTo(afterGap);
        assertThat(arrived.evidence().dwellSeconds()).isGreaterThanOrEqualTo(60.0);
    }

    @Test
    void shouldRestartTheTripForTheNewDriverOnReassignment() {
        List<Fix> first = Track.of("driver-1", offset(PICKUP, -3000, 0), T0).moveTo(offset(PICKUP, -400, 0), 10)
                .fixes();
        Instant reassignedAt = T0.plusSeconds(400);
        List<Fix> firstGoesOn = Track.of("driver-1", offset(PICKUP, -400, 0), reassignedAt).moveTo(PICKUP, 10)
                .stay(Duration.ofMinutes(2)).fixes();
        List<Fix> second = Track.of("driver-2", offset(PICKUP, 1500, 0), reassignedAt).moveTo(PICKUP, 10)
                .stay(Duration.ofMinutes(2)).fixes();

        TripRun run = TripRun.of(assigned("driver-1")).fixes(first)
                .order(order(2, "driver-2", OrderSnapshot.ASSIGNED, reassignedAt))
                .order(assigned("driver-1"))
                .fixes(firstGoesOn)
                .fixes(second);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, DRIVER_CHANGED,
                APPROACHING_PICKUP, ARRIVED_AT_PICKUP);
        assertThat(run.events()).extracting(TripEvent::eventId).containsExactly("order-1/DRIVER_ASSIGNED/1",
                "order-1/APPROACHING_PICKUP/1", "order-1/DRIVER_CHANGED/1", "order-1/APPROACHING_PICKUP/2",
                "order-1/ARRIVED_AT_PICKUP/1");
        assertThat(run.events().subList(2, 5)).allMatch(event -> event.driverId().equals("driver-2"));
        assertThat(run.event(DRIVER_CHANGED).at()).isEqualTo(reassignedAt);
        assertThat(run.event(ARRIVED_AT_PICKUP).evidence().pings()).extracting(PingRef::driverId)
                .containsOnly("driver-2");
    }

    @Test
    void shouldContinueToTheDropoffWhenTheOrderIsPickedUpUnseen() {
        List<Fix> toPickup = Track.of("driver-1", offset(PICKUP, -3000, 0), T0).moveTo(offset(PICKUP, -1000, 0), 10)
                .fixes();
        Instant pickedUpAt = toPickup.get(toPickup.size() - 1).recordedAt();
        List<Fix> toDropoff = Track.of("driver-1", offset(PICKUP, -1000, 0), pickedUpAt).moveTo(DROPOFF, 10)
                .stay(Duration.ofMinutes(1)).fixes();
        OrderSnapshot pickedUp = new OrderSnapshot("order-1", 2, "driver-1", OrderSnapshot.PICKED_UP, PICKUP,
                DROPOFF, T0, pickedUpAt, null);

        TripRun run = TripRun.of(assigned("driver-1")).fixes(toPickup).order(pickedUp).fixes(toDropoff);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_DROPOFF, ARRIVED_AT_DROPOFF);
        assertThat(run.trip().finished()).isTrue();
    }

    @Test
    void shouldFinishOnAFinalStatusAndIgnoreWhatFollows() {
        OrderSnapshot delivered = order(2, "driver-1", OrderSnapshot.DELIVERED, T0);
        List<Fix> fixes = Track.of("driver-1", PICKUP, T0).stay(Duration.ofMinutes(1)).fixes();

        TripRun run = TripRun.of(assigned("driver-1")).order(delivered).fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED);
        assertThat(run.trip().finished()).isTrue();
        assertThat(TripRun.of(order(1, "driver-1", OrderSnapshot.CANCELLED, T0)).types()).isEmpty();
    }

    @Test
    void shouldDecideTheArrivalOnTheFirstFixPastTheDwellWithoutStreamTimeAndPlaceItAtTheDwellsEnd() {
        List<Fix> fixes = happyPath();

        TripRun run = TripRun.of(assigned("driver-1")).fixes(fixes);
        TripRun timed = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        Fix entered = firstWithin(fixes, PICKUP, 60, T0);
        TripEvent arrival = run.event(ARRIVED_AT_PICKUP);
        Fix decided = fixes.stream().filter(fix -> !fix.recordedAt().isBefore(arrival.at())).findFirst().orElseThrow();
        assertThat(arrival.at()).isEqualTo(timed.event(ARRIVED_AT_PICKUP).at())
                .isBefore(entered.recordedAt().plusSeconds(20));
        assertThat(decided.recordedAt()).isAfter(arrival.at());
        assertThat(arrival.evidence().pings()).containsExactly(entered.ref(), decided.ref());
        assertThat(arrival.evidence().dwellSeconds())
                .isGreaterThan(20.0).isEqualTo(Duration.between(arrival.at().minusSeconds(20), decided.recordedAt())
                        .toMillis() / 1000.0);
    }

    @Test
    void shouldContinueTheSameTripFromItsStateAfterEachRestart() {
        List<Fix> fixes = happyPath();
        TripRun uninterrupted = TripRun.of(assigned("driver-1")).busyPartition().fixes(fixes);

        TripRun restarted = TripRun.of(assigned("driver-1")).busyPartition();
        for (int i = 0; i < fixes.size(); i++) {
            restarted.fix(fixes.get(i));
            if (i % 7 == 0) {
                restarted.restart(TripStateJson::roundTrip);
            }
        }

        assertThat(restarted.events()).isEqualTo(uninterrupted.events());
        assertThat(restarted.etas()).isEqualTo(uninterrupted.etas());
        assertThat(restarted.accuracies()).isEqualTo(uninterrupted.accuracies());
    }

    @Test
    void shouldApproachAgainOnlyAfterGoingBeyondTheRearmDistance() {
        List<Fix> fixes = Track.of("driver-1", offset(PICKUP, -3000, 0), T0)
                .moveTo(offset(PICKUP, -450, 0), 10)
                .moveTo(offset(PICKUP, -700, 0), 10)
                .moveTo(offset(PICKUP, -450, 0), 10)
                .moveTo(offset(PICKUP, -2000, 0), 10)
                .moveTo(PICKUP, 10)
                .stay(Duration.ofMinutes(1))
                .fixes();

        TripRun run = TripRun.of(assigned("driver-1"), TripParameters.defaults(), EtaEstimator.withoutHistory())
                .fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, APPROACHING_PICKUP,
                ARRIVED_AT_PICKUP);
        assertThat(run.events().get(2).eventId()).isEqualTo("order-1/APPROACHING_PICKUP/2");
    }

    @Test
    void shouldApproachOnceWhenAFastDriverApproachesByEtaBeyondTheRearmDistance() {
        // at 35 m/s the ETA drops under 120 s some 3 km out, well beyond the 1,500 m re-arm distance
        List<Fix> fixes = Track.of("driver-1", offset(PICKUP, -8000, 0), T0)
                .moveTo(PICKUP, 35)
                .stay(Duration.ofMinutes(1))
                .fixes();

        TripRun run = TripRun.of(assigned("driver-1"), TripParameters.defaults(), EtaEstimator.withoutHistory())
                .fixes(fixes);

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, ARRIVED_AT_PICKUP);
        assertThat(run.events().get(1).evidence().distanceMeters()).isGreaterThan(1_500);
    }

    @Test
    void shouldIgnoreStaleSnapshotsAndOtherDrivers() {
        TripRun run = TripRun.of(order(5, "driver-1", OrderSnapshot.ASSIGNED, T0))
                .order(order(4, "driver-2", OrderSnapshot.ASSIGNED, T0))
                .order(order(5, "driver-2", OrderSnapshot.ASSIGNED, T0))
                .fixes(Track.of("driver-2", PICKUP, T0).stay(Duration.ofMinutes(1)).fixes());

        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED);
    }

    /**
     * When the driver, moving from the fix before {@code entered} to it, crossed the 50 m arrive radius of the
     * pickup: the straight-line interpolation of the measured distances.
     */
    private static Instant crossing(List<Fix> fixes, Fix entered) {
        Fix before = fixes.get(fixes.indexOf(entered) - 1);
        double from = before.distanceTo(PICKUP);
        double fraction = (from - 50) / (from - entered.distanceTo(PICKUP));
        long spanMillis = Duration.between(before.recordedAt(), entered.recordedAt()).toMillis();
        return before.recordedAt().plusMillis(Math.round(fraction * spanMillis));
    }

    /** An arrival with only the evidence of its entry: the fix that showed the dwell long enough set aside. */
    private static TripEvent withoutDecidingFix(TripEvent event) {
        if (event.evidence().dwellSeconds() == null) {
            return event;
        }
        TripEvidence entry = new TripEvidence(event.evidence().pings().subList(0, 1), null, null, null, null);
        return new TripEvent(event.eventId(), event.orderId(), event.driverId(), event.type(), event.stop(),
                event.at(), event.detectedAt(), entry);
    }

    private static Fix firstWithin(List<Fix> fixes, GeoPoint point, double meters, Instant from) {
        return fixes.stream()
                .filter(fix -> !fix.recordedAt().isBefore(from) && fix.distanceTo(point) <= meters)
                .findFirst().orElseThrow();
    }
}
