-- Nearby search without slowing the batch writer down.
--
-- V41's GiST index changed with every position update: each upsert of driver_latest_location paid an index
-- insertion, several times the cost of a history row. Here the index is on a coarse grid cell instead (0.01 degree
-- of latitude by 0.01 degree of longitude, about 1.1 km north-south): a driver moving at up to 20 m/s, pinging every
-- few seconds, stays in the same cell for most updates, so most updates change no indexed column and PostgreSQL
-- makes them heap-only (HOT) updates, which touch no index at all. The lower fill factor leaves room on each page
-- for the new row versions that HOT needs.
--
-- Cell number: row * 36001 + column, with row = floor((latitude + 90) * 100) in [0, 18000] and
-- column = floor((longitude + 180) * 100) in [0, 36000]. A row's cells are consecutive numbers, so the query service
-- turns a search box into one range of cell numbers per row (GridCells in tracking-query-service) and computes the
-- exact distance of the candidates. Both sides compute the cell with the same double arithmetic.
DROP INDEX driver_latest_location_position_idx;

ALTER TABLE driver_latest_location SET (fillfactor = 70);

ALTER TABLE driver_latest_location ADD COLUMN grid_cell integer GENERATED ALWAYS AS (
    floor((latitude + 90) * 100)::integer * 36001 + floor((longitude + 180) * 100)::integer) STORED;

CREATE INDEX driver_latest_location_grid_cell_idx ON driver_latest_location (grid_cell);
