package io.tracking.trips.model;

import static io.tracking.contract.trip.TripEventType.APPROACHING_DROPOFF;
import static io.tracking.contract.trip.TripEventType.APPROACHING_PICKUP;
import static io.tracking.contract.trip.TripEventType.ARRIVED_AT_DROPOFF;
import static io.tracking.contract.trip.TripEventType.ARRIVED_AT_PICKUP;
import static io.tracking.contract.trip.TripEventType.DRIVER_ASSIGNED;
import static io.tracking.contract.trip.TripEventType.LEFT_PICKUP;
import static io.tracking.trips.model.OrderTripTests.PICKUP;
import static io.tracking.trips.model.OrderTripTests.T0;
import static io.tracking.trips.model.OrderTripTests.assigned;
import static io.tracking.trips.model.Track.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.Stop;
import io.tracking.trips.model.TripState.LegHistory;
import io.tracking.trips.model.TripState.Prediction;

class TripStateTests {

    @Test
    void shouldRoundTripThroughJsonMidTrip() {
        List<Fix> fixes = OrderTripTests.happyPath();
        TripRun run = TripRun.of(assigned("driver-1")).fixes(fixes.subList(0, 100));
        TripState state = run.trip().state();

        assertThat(state.fixes()).isNotEmpty();
        assertThat(state.leg()).isNotNull();
        assertThat(state.progress()).isNotNull();
        assertThat(TripStateJson.roundTrip(state)).isEqualTo(state);
        assertThat(TripStateJson.propertyNames(state)).containsExactlyElementsOf(
                Arrays.stream(TripState.class.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    @Test
    void shouldReadAStateStoredBeforeTheLegProgressAndContinueTheTrip() {
        List<Fix> fixes = OrderTripTests.happyPath();
        TripRun run = TripRun.of(assigned("driver-1")).fixes(fixes.subList(0, 100));
        TripState state = run.trip().state();

        TripState older = TripStateJson.readWithout(state, "progress");
        run.restart(stored -> older).fixes(fixes.subList(100, fixes.size()));

        assertThat(older.progress()).isNull();
        assertThat(older).usingRecursiveComparison().ignoringFields("progress").isEqualTo(state);
        assertThat(run.types()).containsExactly(DRIVER_ASSIGNED, APPROACHING_PICKUP, ARRIVED_AT_PICKUP, LEFT_PICKUP,
                APPROACHING_DROPOFF, ARRIVED_AT_DROPOFF);
    }

    @Test
    void shouldStayBoundedOverALongTrip() {
        Track track = Track.of("driver-1", offset(PICKUP, -5000, 0), T0).every(Duration.ofSeconds(1));
        for (int lap = 0; lap < 20; lap++) {
            track.moveTo(offset(PICKUP, -5000, 2000), 10).moveTo(offset(PICKUP, -5000, 0), 10);
        }
        List<Fix> fixes = track.fixes();
        TripRun run = TripRun.of(assigned("driver-1"));
        int mostFixes = 0;
        int mostPredictions = 0;
        for (Fix fix : fixes) {
            run.fix(fix);
            TripState state = run.trip().state();
            mostFixes = Math.max(mostFixes, state.fixes().size());
            mostPredictions = Math.max(mostPredictions, state.leg() == null ? 0 : state.leg().predictions().size());
        }

        assertThat(fixes).hasSizeGreaterThan(7000);
        assertThat(mostFixes).isLessThanOrEqualTo(TripState.MAX_FIXES).isGreaterThan(FixBuffer.MIN_KEPT);
        assertThat(mostPredictions).isLessThanOrEqualTo(TripState.MAX_PREDICTIONS).isGreaterThan(40);
    }

    @Test
    void shouldMeasureTheEtaAtEachHorizonTheLegKeptAPredictionFor() {
        Instant arrival = T0.plus(Duration.ofMinutes(12));
        LegHistory leg = new LegHistory(Stop.PICKUP, T0, 6000, 600, List.of(
                new Prediction(T0, arrival.plusSeconds(100)),
                new Prediction(arrival.minusSeconds(610), arrival.plusSeconds(60)),
                new Prediction(arrival.minusSeconds(300 + 45), arrival.minusSeconds(40)),
                new Prediction(arrival.minusSeconds(115), arrival.plusSeconds(7))));

        assertThat(leg.accuracyAt(arrival)).extracting(EtaAccuracy::horizon, EtaAccuracy::lead,
                EtaAccuracy::absoluteErrorSeconds).containsExactly(
                        tuple(Duration.ofMinutes(10), Duration.ofSeconds(610), 60.0),
                        tuple(Duration.ofMinutes(2), Duration.ofSeconds(115), 7.0));
        assertThat(leg.observationAt(arrival)).isEqualTo(new LegObservation(Stop.PICKUP, 6000, 600, 720));
    }
}
