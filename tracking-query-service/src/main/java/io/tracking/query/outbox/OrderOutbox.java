package io.tracking.query.outbox;

import java.time.Instant;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.query.location.DriverLocationRows;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code order_outbox} table (migration V44): order snapshots waiting to be published to Kafka.
 *
 * <p>Invariants the relay and the trip-event service rely on:
 * <ul>
 * <li>A row is appended in the transaction that changes the order ({@link #append} refuses to run outside one), so
 * a committed change always has its row and a rolled-back one never has.</li>
 * <li>A snapshot's {@code version} is its row's id, assigned in the inserting statement. An order's changes are
 * serialised by its row lock in {@code orders}, so its later change gets the larger id and is visible only after the
 * earlier one committed: reading in id order keeps every order's changes in order.</li>
 * </ul>
 */
@Repository
public class OrderOutbox {

    /** One row: the snapshot's JSON as stored, {@code version} included. */
    record Row(long id, String orderId, String payload, Instant createdAt) {
    }

    /** Taken for the duration of one relay transaction: one instance relays at a time, in id order. */
    static final long RELAY_LOCK = 0x6f726465725f6f75L;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    OrderOutbox(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /**
     * Appends {@code snapshot} with its version set to the new row's id, in the caller's transaction; the relay of
     * this instance is woken once that transaction commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(OrderSnapshot snapshot) {
        jdbc.sql("""
                WITH fresh AS (SELECT nextval(pg_get_serial_sequence('order_outbox', 'id')) AS id)
                INSERT INTO order_outbox (id, order_id, payload)
                SELECT fresh.id, ?, jsonb_set(?::jsonb, '{version}', to_jsonb(fresh.id)) FROM fresh""")
                .params(snapshot.orderId(), json.writeValueAsString(snapshot))
                .update();
        events.publishEvent(new OutboxAppended());
    }

    /** Whether this transaction may relay: true for at most one transaction at a time, across instances. */
    boolean tryLockForRelay() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(RELAY_LOCK)
                .query(Boolean.class).single());
    }

    /** The {@code limit} oldest rows, oldest first. */
    List<Row> oldest(int limit) {
        return jdbc.sql("""
                SELECT id, order_id, payload::text AS payload, created_at FROM order_outbox ORDER BY id LIMIT ?""")
                .param(limit)
                .query((rs, row) -> new Row(rs.getLong("id"), rs.getString("order_id"), rs.getString("payload"),
                        DriverLocationRows.instant(rs, "created_at")))
                .list();
    }

    void delete(List<Row> rows) {
        jdbc.sql("DELETE FROM order_outbox WHERE id = ANY(?)")
                .param(rows.stream().map(Row::id).toArray(Long[]::new))
                .update();
    }

    /** Rows not published yet. */
    long pending() {
        return jdbc.sql("SELECT count(*) FROM order_outbox").query(Long.class).single();
    }
}
