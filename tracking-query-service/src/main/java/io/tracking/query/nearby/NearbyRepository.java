package io.tracking.query.nearby;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tracking.query.location.DriverLocationRows;
import io.tracking.query.location.LocationView;
import io.tracking.query.system.Distances;

/**
 * Nearby search on stock PostgreSQL. The circle's bounding box becomes ranges of grid cells ({@link GridCells}),
 * which the index on {@code grid_cell} (migration V42) reads; the freshness filter and the exact haversine
 * distance then apply to the candidates.
 *
 * <p>The search widens from a small radius: when {@code limit} drivers lie within radius r, they are exactly the
 * {@code limit} nearest (everyone else is farther than r), so wider circles need not be read. In a dense city a
 * 50 km search thus reads a few hundred rows instead of every driver in the city; in a sparse area each step
 * reads little anyway.
 */
@Repository
class NearbyRepository {

    private static final String DISTANCE = """
            2 * %s * asin(least(1.0, sqrt(
                power(sin(radians(latitude - :lat) / 2), 2)
                + cos(radians(:lat)) * cos(radians(latitude)) * power(sin(radians(longitude - :lon) / 2), 2))))"""
            .formatted(Distances.EARTH_RADIUS_METERS);

    /**
     * One index range scan per range of grid cells, then the exact distance of the candidates. The scans sit in a
     * {@code LATERAL} subquery that {@code OFFSET 0} keeps from being merged into the outer query: merged, the
     * generic plan that a server-side prepared statement ends up with (it cannot see how few cells the arrays
     * name) sorts the whole table by distance and stops at {@code LIMIT}, a sequential scan of every driver.
     */
    private static final String SQL = "SELECT " + DriverLocationRows.COLUMNS + ", distance_m FROM (SELECT "
            + DriverLocationRows.COLUMNS + ", " + DISTANCE + " AS distance_m"
            + " FROM unnest(CAST(:first AS bigint[]), CAST(:last AS bigint[])) AS cells (first_cell, last_cell)"
            + " CROSS JOIN LATERAL (SELECT " + DriverLocationRows.COLUMNS + " FROM driver_latest_location"
            + " WHERE grid_cell BETWEEN cells.first_cell AND cells.last_cell AND recorded_at >= :freshSince"
            + " OFFSET 0) in_cells) candidates"
            + " WHERE distance_m <= :radius ORDER BY distance_m, driver_id LIMIT :limit";

    private final JdbcClient jdbc;

    NearbyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final double FIRST_RADIUS_METERS = 250;

    /** The {@code limit} nearest drivers with a fix since {@code freshSince} within {@code radiusMeters}. */
    List<NearbyDriver> find(double latitude, double longitude, double radiusMeters, Instant freshSince, int limit,
            Instant now) {
        double radius = Math.min(radiusMeters, FIRST_RADIUS_METERS);
        while (true) {
            List<NearbyDriver> found = findWithin(latitude, longitude, radius, freshSince, limit, now);
            if (found.size() >= limit || radius >= radiusMeters) {
                return found;
            }
            radius = Math.min(radiusMeters, radius * 2);
        }
    }

    private List<NearbyDriver> findWithin(double latitude, double longitude, double radiusMeters, Instant freshSince,
            int limit, Instant now) {
        List<GridCells.Range> cells = GridCells.covering(SearchArea.around(latitude, longitude, radiusMeters));
        long[] first = cells.stream().mapToLong(GridCells.Range::first).toArray();
        long[] last = cells.stream().mapToLong(GridCells.Range::last).toArray();
        JdbcClient.StatementSpec statement = jdbc.sql(SQL)
                .param("first", first)
                .param("last", last)
                .param("lat", latitude)
                .param("lon", longitude)
                .param("freshSince", DriverLocationRows.timestamptz(freshSince))
                .param("radius", radiusMeters)
                .param("limit", limit);
        return statement.query((rs, row) -> {
            Instant recordedAt = DriverLocationRows.instant(rs, "recorded_at");
            return new NearbyDriver(
                    rs.getString("driver_id"),
                    rs.getDouble("latitude"),
                    rs.getDouble("longitude"),
                    recordedAt,
                    LocationView.ageSeconds(recordedAt, now),
                    Math.round(rs.getDouble("distance_m") * 10) / 10.0,
                    DriverLocationRows.nullableDouble(rs, "accuracy_meters"),
                    DriverLocationRows.nullableDouble(rs, "speed_mps"),
                    DriverLocationRows.nullableDouble(rs, "heading_degrees"));
        }).list();
    }
}
