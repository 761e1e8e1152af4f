package io.tracking.trips.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.testsupport.PostgresConnection;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.trips.model.EtaEstimator;
import io.tracking.trips.support.Drive;
import io.tracking.trips.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay against the embedded PostgreSQL with the {@code tracking-db} schema: an order, its driver's fixes in
 * {@code location_history} and the events emitted for it in {@code order_trip_events}.
 */
class ReplayCommandIT {

    private static final GeoPoint PICKUP = new GeoPoint(48.8566, 2.3522);
    private static final GeoPoint DROPOFF = Drive.offset(PICKUP, 1_000, 1_000);

    private final JdbcTemplate jdbc = new JdbcTemplate(MigratedDatabase.dataSource());
    private final JsonMapper json = JsonMapper.builder().build();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ReplayCommand command = new ReplayCommand(new ReplayRepository(MigratedDatabase.dataSource(), json),
            new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
    private final String orderId = "order-" + UUID.randomUUID();
    private final String driverId = "driver-" + UUID.randomUUID();
    private Instant assignedAt;
    private Instant deliveredAt;

    @BeforeEach
    void deliveredOrder() {
        assignedAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Drive toPickup = Drive.of(driverId, Drive.offset(PICKUP, -2_000, 0), assignedAt).to(PICKUP, 10)
                .stay(Duration.ofSeconds(90));
        Drive toDropoff = Drive.of(driverId, PICKUP, toPickup.time()).to(DROPOFF, 10).stay(Duration.ofSeconds(90));
        List<LocationUpdate> fixes = new ArrayList<>(toPickup.fixes());
        fixes.addAll(toDropoff.fixes());
        deliveredAt = toDropoff.time().plusSeconds(1);
        jdbc.update("""
                INSERT INTO orders (order_id, driver_id, customer_id, restaurant_id, pickup_latitude, pickup_longitude,
                                    dropoff_latitude, dropoff_longitude, status, created_at, updated_at,
                                    driver_assigned_at)
                VALUES (?, ?, 'customer-1', 'restaurant-1', ?, ?, ?, ?, 'DELIVERED', ?, ?, ?)
                """, orderId, driverId, PICKUP.latitude(), PICKUP.longitude(), DROPOFF.latitude(),
                DROPOFF.longitude(), Timestamp.from(assignedAt), Timestamp.from(deliveredAt),
                Timestamp.from(assignedAt));
        for (LocationUpdate fix : fixes) {
            jdbc.update("""
                    INSERT INTO location_history (driver_id, recorded_at, received_at, latitude, longitude,
                                                  accuracy_meters, speed_mps, heading_degrees)
                    VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                    """, driverId, Timestamp.from(fix.recordedAt()), Timestamp.from(fix.receivedAt()),
                    fix.latitude(), fix.longitude(), fix.accuracyMeters(), fix.speedMps());
        }
    }

    @Test
    void shouldFindNoDifferenceWithTheParametersTheEventsWereEmittedWith() {
        emit(derivedWith());

        Map<EventDiff.Kind, Integer> totals = command.run(options("--order", orderId));

        assertThat(totals.get(EventDiff.Kind.SAME)).isEqualTo(6);
        assertThat(totals.get(EventDiff.Kind.MOVED) + totals.get(EventDiff.Kind.ADDED)
                + totals.get(EventDiff.Kind.MISSING)).isZero();
        assertThat(output()).contains("order " + orderId, "= ARRIVED_AT_PICKUP/1", "1 order(s): 6 same");
    }

    @Test
    void shouldReportMovedAddedAndMissingEventsWithOtherParameters() {
        List<TripEvent> emitted = new ArrayList<>(derivedWith());
        TripEvent arrival = emitted.stream().filter(event -> event.type() == TripEventType.ARRIVED_AT_PICKUP)
                .findFirst().orElseThrow();
        // one event the replay cannot derive, and one the emitter missed
        emitted.add(new TripEvent(TripEvent.eventId(orderId, TripEventType.LEFT_PICKUP, 2), orderId, driverId,
                TripEventType.LEFT_PICKUP, arrival.stop(), arrival.at().plusSeconds(30), Instant.now(),
                arrival.evidence()));
        emitted.removeIf(event -> event.type() == TripEventType.APPROACHING_DROPOFF);
        emit(emitted);

        Map<EventDiff.Kind, Integer> totals = command.run(options("--order", orderId, "--dwell", "40s"));

        assertThat(totals.get(EventDiff.Kind.MISSING)).isEqualTo(1);
        assertThat(totals.get(EventDiff.Kind.ADDED)).isEqualTo(1);
        assertThat(totals.get(EventDiff.Kind.MOVED)).isGreaterThanOrEqualTo(1);
        assertThat(output()).contains("- LEFT_PICKUP/2", "+ APPROACHING_DROPOFF/1", "~ ARRIVED_AT_PICKUP/1",
                "(+20.0s)");
    }

    @Test
    void shouldSelectTheOrdersOfAWindow() {
        emit(derivedWith());

        Map<EventDiff.Kind, Integer> totals = command.run(options("--from", assignedAt.minusSeconds(1).toString(),
                "--to", deliveredAt.toString()));

        assertThat(output()).contains("order " + orderId);
        assertThat(totals.get(EventDiff.Kind.SAME)).isGreaterThanOrEqualTo(6);
    }

    /** The events the defaults derive, as the service would have emitted them. */
    private List<TripEvent> derivedWith() {
        ReplayRepository repository = new ReplayRepository(MigratedDatabase.dataSource(), json);
        ReplayRepository.StoredOrder order = repository.order(orderId);
        return new TripReplay(EtaEstimator.withoutHistory(), Clock.systemUTC()).derive(order.snapshot(),
                options("--order", orderId).parametersFor(null),
                repository.fixes(driverId, assignedAt, deliveredAt), deliveredAt);
    }

    private void emit(List<TripEvent> events) {
        for (TripEvent event : events) {
            jdbc.update("""
                    INSERT INTO order_trip_events (event_id, order_id, driver_id, type, stop, at, detected_at, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                    """, event.eventId(), event.orderId(), event.driverId(), event.type().name(),
                    event.stop() == null ? null : event.stop().name(), Timestamp.from(event.at()),
                    Timestamp.from(event.detectedAt()), json.writeValueAsString(event));
        }
    }

    private static ReplayOptions options(String... args) {
        PostgresConnection pg = TestInfrastructure.postgres();
        return ReplayOptions.parse(args, Map.of("DATABASE_URL", pg.jdbcUrl(), "DATABASE_USERNAME", pg.username(),
                "DATABASE_PASSWORD", pg.password()));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
