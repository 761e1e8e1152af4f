-- Trip events and ETAs derived per order by the trip-event service (Kafka Streams), kept with the order so that
-- the tracking API and a reconnecting order stream can show them.
--
-- Written by the query service only, from the topics (the Streams application never touches PostgreSQL):
-- order_trip_events from "order-trip-events", idempotently on event_id (deterministic: orderId/type/n, so a
-- re-derivation or a redelivery inserts nothing new); order_etas from "order-etas", the newest ETA per order by
-- computed_at.
-- Read by the query service: GET /api/v1/orders/{orderId}/tracking ("events", "eta") and the order's SSE stream
-- (the stored events first on connect).
CREATE TABLE order_trip_events (
    event_id    text        PRIMARY KEY,
    order_id    text        NOT NULL,
    driver_id   text        NOT NULL,
    type        text        NOT NULL,
    stop        text,
    at          timestamptz NOT NULL,
    detected_at timestamptz NOT NULL,
    payload     jsonb       NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT now()
);

-- An order's events in event-time order.
CREATE INDEX order_trip_events_order_at_idx ON order_trip_events (order_id, at);

-- The newest ETA of each order to its next stop. An ETA replaces the stored one only when its computed_at is newer,
-- so a redelivered or reordered record never moves the ETA backwards.
CREATE TABLE order_etas (
    order_id    text        PRIMARY KEY,
    driver_id   text        NOT NULL,
    stop        text        NOT NULL,
    seconds     bigint      NOT NULL,
    at          timestamptz NOT NULL,
    computed_at timestamptz NOT NULL,
    payload     jsonb       NOT NULL
);

-- Per-order overrides of the trip parameters (arrive radius, dwell, exit radius, approach thresholds), as given in
-- PUT /api/v1/orders/{orderId} ("tripParameters"); NULL means the trip-event service's configured defaults. Written
-- by the query service, carried to the trip-event service in the order's snapshots.
ALTER TABLE orders ADD COLUMN trip_parameters jsonb;
