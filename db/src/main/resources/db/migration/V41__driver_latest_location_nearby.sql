-- Nearby search on stock PostgreSQL (no PostGIS): a GiST index on the position as a geometric point
-- (x = longitude, y = latitude) answers "inside this lat/lon bounding box" without scanning the table; the
-- query then keeps fresh fixes and computes the exact haversine distance of the few candidates.
-- The batch writer pays one extra index update per upsert for it.
CREATE INDEX driver_latest_location_position_idx ON driver_latest_location USING gist (point(longitude, latitude));
