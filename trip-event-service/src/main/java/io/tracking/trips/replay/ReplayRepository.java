package io.tracking.trips.replay;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripParameterOverrides;
import io.tracking.trips.model.Fix;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the replay reads: orders as they stand now, their drivers' fixes from {@code location_history}, and the
 * events the service emitted ({@code order_trip_events}, stored by the query service). Read only.
 */
final class ReplayRepository {

    /** An order as the table holds it: its newest snapshot, and its overrides. */
    record StoredOrder(OrderSnapshot snapshot, @Nullable TripParameterOverrides overrides) {
    }

    /** An emitted event, as much of it as the comparison needs. */
    record EmittedEvent(String eventId, TripEventType type, Instant at) {
    }

    private static final String ORDER_COLUMNS = """
            SELECT order_id, driver_id, status, pickup_latitude, pickup_longitude, dropoff_latitude,
                   dropoff_longitude, driver_assigned_at, updated_at, trip_parameters::text AS trip_parameters
              FROM orders""";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ReplayRepository(DataSource dataSource, JsonMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
    }

    @Nullable StoredOrder order(String orderId) {
        List<StoredOrder> orders = jdbc.query(ORDER_COLUMNS + " WHERE order_id = ?", this::mapOrder, orderId);
        return orders.isEmpty() ? null : orders.get(0);
    }

    /** The orders assigned to their current driver before {@code to} that last changed at or after {@code from}. */
    List<StoredOrder> orders(Instant from, Instant to) {
        return jdbc.query(ORDER_COLUMNS + " WHERE driver_assigned_at < ? AND updated_at >= ? ORDER BY order_id",
                this::mapOrder, Timestamp.from(to), Timestamp.from(from));
    }

    /**
     * The driver's fixes recorded in {@code [from, to]}, in the order the service received them: what the stream
     * fed the trip, late pings included. No partition or offset is known here: the evidence shows -1.
     */
    List<Fix> fixes(String driverId, Instant from, Instant to) {
        return jdbc.query("""
                SELECT driver_id, latitude, longitude, recorded_at, accuracy_meters, speed_mps
                  FROM location_history
                 WHERE driver_id = ? AND recorded_at BETWEEN ? AND ?
                 ORDER BY received_at, recorded_at
                """, (rs, row) -> new Fix(rs.getString("driver_id"), rs.getDouble("latitude"),
                rs.getDouble("longitude"), rs.getTimestamp("recorded_at").toInstant(),
                nullableDouble(rs, "accuracy_meters"), nullableDouble(rs, "speed_mps"), -1, -1),
                driverId, Timestamp.from(from), Timestamp.from(to));
    }

    List<EmittedEvent> emittedEvents(String orderId) {
        return jdbc.query("SELECT event_id, type, at FROM order_trip_events WHERE order_id = ? ORDER BY at, event_id",
                (rs, row) -> new EmittedEvent(rs.getString("event_id"), TripEventType.valueOf(rs.getString("type")),
                        rs.getTimestamp("at").toInstant()), orderId);
    }

    private StoredOrder mapOrder(ResultSet rs, int row) throws SQLException {
        Instant assignedAt = rs.getTimestamp("driver_assigned_at").toInstant();
        OrderSnapshot snapshot = new OrderSnapshot(rs.getString("order_id"), 1, rs.getString("driver_id"),
                rs.getString("status"),
                new GeoPoint(rs.getDouble("pickup_latitude"), rs.getDouble("pickup_longitude")),
                new GeoPoint(rs.getDouble("dropoff_latitude"), rs.getDouble("dropoff_longitude")),
                assignedAt, rs.getTimestamp("updated_at").toInstant(), null);
        String overrides = rs.getString("trip_parameters");
        return new StoredOrder(snapshot,
                overrides == null ? null : json.readValue(overrides, TripParameterOverrides.class));
    }

    private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
