package io.tracking.query.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tracking.contract.trip.TripParameterOverrides;
import io.tracking.query.location.DriverLocationRows;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code orders} table (migrations V40, V43, V45); this service is its only writer. {@code trip_parameters} holds
 * the order's {@link TripParameterOverrides} as JSON, NULL when it has none.
 */
@Repository
public class OrderRepository {

    private static final String COLUMNS = "order_id, driver_id, customer_id, restaurant_id, pickup_latitude, "
            + "pickup_longitude, dropoff_latitude, dropoff_longitude, status, driver_assigned_at, trip_parameters";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Order> find(String orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = ?")
                .param(orderId).query(this::map).optional();
    }

    /** The existing orders among {@code orderIds}, in one statement. */
    public List<Order> findAll(Collection<String> orderIds) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = ANY(?)")
                .param(orderIds.toArray(String[]::new)).query(this::map).list();
    }

    /** Locks the order's row until the transaction ends. */
    Optional<Order> findForUpdate(String orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = ? FOR UPDATE")
                .param(orderId).query(this::map).optional();
    }

    /** Inserts the order unless one with its id exists; whether it did. */
    boolean insertIfAbsent(Order order) {
        return jdbc.sql("INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) "
                        + "ON CONFLICT (order_id) DO NOTHING")
                .params(order.orderId(), order.driverId(), order.customerId(), order.restaurantId(),
                        order.pickup().lat(), order.pickup().lon(), order.dropoff().lat(), order.dropoff().lon(),
                        order.status().name(), DriverLocationRows.timestamptz(order.driverAssignedAt()),
                        tripParameters(order))
                .update() == 1;
    }

    void update(Order order) {
        jdbc.sql("""
                UPDATE orders SET driver_id = ?, customer_id = ?, restaurant_id = ?, pickup_latitude = ?,
                    pickup_longitude = ?, dropoff_latitude = ?, dropoff_longitude = ?, status = ?,
                    driver_assigned_at = ?, trip_parameters = ?::jsonb, updated_at = now()
                WHERE order_id = ?""")
                .params(order.driverId(), order.customerId(), order.restaurantId(), order.pickup().lat(),
                        order.pickup().lon(), order.dropoff().lat(), order.dropoff().lon(), order.status().name(),
                        DriverLocationRows.timestamptz(order.driverAssignedAt()), tripParameters(order),
                        order.orderId())
                .update();
    }

    private @Nullable String tripParameters(Order order) {
        TripParameterOverrides parameters = order.tripParameters();
        return parameters == null ? null : json.writeValueAsString(parameters);
    }

    private Order map(ResultSet rs, int row) throws SQLException {
        String parameters = rs.getString("trip_parameters");
        return new Order(
                rs.getString("order_id"),
                rs.getString("driver_id"),
                rs.getString("customer_id"),
                rs.getString("restaurant_id"),
                new Coordinates(rs.getDouble("pickup_latitude"), rs.getDouble("pickup_longitude")),
                new Coordinates(rs.getDouble("dropoff_latitude"), rs.getDouble("dropoff_longitude")),
                OrderStatus.valueOf(rs.getString("status")),
                DriverLocationRows.instant(rs, "driver_assigned_at"),
                parameters == null ? null : json.readValue(parameters, TripParameterOverrides.class));
    }
}
