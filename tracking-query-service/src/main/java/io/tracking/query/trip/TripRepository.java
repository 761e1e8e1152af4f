package io.tracking.query.trip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.TripEvent;
import io.tracking.query.location.DriverLocationRows;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tables {@code order_trip_events} and {@code order_etas} (migration V45). Idempotent writes, so that a record
 * stored twice (redelivered after a crash or a rebalance, or re-derived by the trip-event service) changes nothing:
 * an event is inserted once per {@code event_id}; an ETA replaces the stored one only when its {@code computed_at} is
 * newer. {@code payload} is the record as this service wrote it back from its fields.
 */
@Repository
public class TripRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;

    TripRepository(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    /** Inserts the events not stored yet; how many were new. Call within the batch's transaction. */
    int insertEvents(List<TripEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        for (TripEvent event : events) {
            rows.add(new Object[] { event.eventId(), event.orderId(), event.driverId(), event.type().name(),
                    event.stop() == null ? null : event.stop().name(), DriverLocationRows.timestamptz(event.at()),
                    DriverLocationRows.timestamptz(event.detectedAt()), json.writeValueAsString(event) });
        }
        int inserted = 0;
        for (int count : batch.batchUpdate("""
                INSERT INTO order_trip_events (event_id, order_id, driver_id, type, stop, at, detected_at, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (event_id) DO NOTHING""", rows)) {
            inserted += Math.max(0, count);
        }
        return inserted;
    }

    /** Stores each ETA unless the stored one of its order was computed at the same time or later. */
    void upsertEtas(Collection<EtaUpdate> etas) {
        if (etas.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(etas.size());
        for (EtaUpdate eta : etas) {
            rows.add(new Object[] { eta.orderId(), eta.driverId(), eta.stop().name(), eta.seconds(),
                    DriverLocationRows.timestamptz(eta.at()), DriverLocationRows.timestamptz(eta.computedAt()),
                    json.writeValueAsString(eta) });
        }
        batch.batchUpdate("""
                INSERT INTO order_etas (order_id, driver_id, stop, seconds, at, computed_at, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (order_id) DO UPDATE SET driver_id = EXCLUDED.driver_id, stop = EXCLUDED.stop,
                    seconds = EXCLUDED.seconds, at = EXCLUDED.at, computed_at = EXCLUDED.computed_at,
                    payload = EXCLUDED.payload
                WHERE order_etas.computed_at < EXCLUDED.computed_at""", rows);
    }

    /** Forgets the ETAs of these orders (a tombstone on the compacted topic: no next stop any more). */
    void deleteEtas(Collection<String> orderIds) {
        if (!orderIds.isEmpty()) {
            jdbc.sql("DELETE FROM order_etas WHERE order_id = ANY(?)").param(orderIds.toArray(String[]::new))
                    .update();
        }
    }

    /** The order's first {@code limit} events in event-time order. */
    public List<TripEvent> events(String orderId, int limit) {
        return jdbc.sql("SELECT payload::text FROM order_trip_events WHERE order_id = ? ORDER BY at, event_id LIMIT ?")
                .params(orderId, limit)
                .query((rs, row) -> json.readValue(rs.getString(1), TripEvent.class))
                .list();
    }

    /** The order's newest ETA, if any was stored. */
    public Optional<EtaUpdate> eta(String orderId) {
        return jdbc.sql("SELECT payload::text FROM order_etas WHERE order_id = ?")
                .param(orderId)
                .query((rs, row) -> json.readValue(rs.getString(1), EtaUpdate.class))
                .optional();
    }
}
