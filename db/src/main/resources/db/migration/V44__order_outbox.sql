-- Transactional outbox of order snapshots, so that an order reaches the trip-event service exactly as it was
-- committed, with no dual write that could lose it (a PUT that commits but whose Kafka send fails, or the reverse).
--
-- Written by the query service: PUT /api/v1/orders/{orderId} inserts one row in the same transaction as the order's
-- insert or update, whenever the order changed. payload is the OrderSnapshot JSON of tracking-contract; its
-- "version" is this row's id, so the snapshots of an order grow in version with every change and a consumer can
-- ignore a stale one.
-- Read by the query service's outbox relay: it publishes rows in id order to the topic "orders" (key = order id) and
-- deletes them once the broker has acknowledged them, so the table holds only what is not published yet.
CREATE TABLE order_outbox (
    id         bigserial   PRIMARY KEY,
    order_id   text        NOT NULL,
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
