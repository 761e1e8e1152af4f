-- Delivery orders as dispatch registers them (PUT /api/v1/orders/{orderId} on the query service). The query
-- service is the only writer; it decides who may see which driver through an order.
-- DELIVERED and CANCELLED are final: the service refuses to reopen such an order.
CREATE TABLE orders (
    order_id          text             PRIMARY KEY,
    driver_id         text             NOT NULL,
    customer_id       text             NOT NULL,
    restaurant_id     text             NOT NULL,
    pickup_latitude   double precision NOT NULL,
    pickup_longitude  double precision NOT NULL,
    dropoff_latitude  double precision NOT NULL,
    dropoff_longitude double precision NOT NULL,
    status            text             NOT NULL
        CONSTRAINT orders_status_check CHECK (status IN ('ASSIGNED', 'PICKED_UP', 'DELIVERED', 'CANCELLED')),
    created_at        timestamptz      NOT NULL DEFAULT now(),
    updated_at        timestamptz      NOT NULL DEFAULT now()
);

-- Open orders by driver (for example "which orders does this ping concern", arrival notifications later).
CREATE INDEX orders_active_driver_idx ON orders (driver_id) WHERE status IN ('ASSIGNED', 'PICKED_UP');
