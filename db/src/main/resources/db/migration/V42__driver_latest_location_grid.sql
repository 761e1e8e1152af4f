-- Nearby search without slowing the batch writer down.
--
-- V41's GiST index changed with every position update: each upsert of driver_latest_location paid an index
-- insertion, several times the cost of a history row. Here the index is on a grid cell instead (0.0025 degree of
-- latitude by 0.0025 degree of longitude, about 280 m north-south): a driver moving at 5-20 m/s, pinging every few
-- seconds, stays in the same cell for most updates, so most updates change no indexed column and PostgreSQL makes
-- them heap-only (HOT) updates, which touch no index at all. The lower fill factor leaves room on each page for the
-- new row versions that HOT needs. Smaller cells would cost more non-HOT updates, larger ones more candidates per
-- search (a 250 m search in a city of 100,000 drivers reads about a hundred rows with these).
--
-- Cell number: row * 144001 + column, with row = floor((latitude + 90) * 400) in [0, 72000] and
-- column = floor((longitude + 180) * 400) in [0, 144000]. A row's cells are consecutive numbers, so the query service
-- turns a search box into one range of cell numbers per row (GridCells in tracking-query-service) and computes the
-- exact distance of the candidates. Both sides compute the cell with the same double arithmetic.
DROP INDEX driver_latest_location_position_idx;

ALTER TABLE driver_latest_location SET (fillfactor = 70);

ALTER TABLE driver_latest_location ADD COLUMN grid_cell bigint GENERATED ALWAYS AS (
    floor((latitude + 90) * 400)::bigint * 144001 + floor((longitude + 180) * 400)::bigint) STORED;

CREATE INDEX driver_latest_location_grid_cell_idx ON driver_latest_location (grid_cell);
