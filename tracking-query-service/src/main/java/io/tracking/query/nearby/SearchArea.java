package io.tracking.query.nearby;

import java.util.List;

import io.tracking.query.system.Distances;

/**
 * The latitude/longitude boxes that contain every point within {@code radius} of a centre, for the index to
 * narrow the candidates before the exact distance is computed. Two boxes when the circle crosses the
 * antimeridian; the whole longitude range when it reaches a pole.
 */
record SearchArea(List<Box> boxes) {

    /** Degrees added on every side so that points exactly on the circle are not lost to rounding. */
    private static final double SLACK_DEGREES = 1e-9;

    /** Longitudes west..east, latitudes south..north, in degrees. */
    record Box(double west, double south, double east, double north) {
    }

    static SearchArea around(double latitude, double longitude, double radiusMeters) {
        double angle = radiusMeters / Distances.EARTH_RADIUS_METERS;
        double dLat = Math.toDegrees(angle) + SLACK_DEGREES;
        double south = latitude - dLat;
        double north = latitude + dLat;
        if (south <= -90 || north >= 90 || angle >= Math.PI / 2) {
            return new SearchArea(List.of(new Box(-180, Math.max(-90, south), 180, Math.min(90, north))));
        }
        // widest longitude difference of a point within the radius, reached away from the centre's parallel
        double dLon = Math.toDegrees(Math.asin(Math.min(1.0, Math.sin(angle) / Math.cos(Math.toRadians(latitude)))))
                + SLACK_DEGREES;
        double west = longitude - dLon;
        double east = longitude + dLon;
        if (dLon >= 180) {
            return new SearchArea(List.of(new Box(-180, south, 180, north)));
        }
        if (west < -180) {
            return new SearchArea(List.of(new Box(west + 360, south, 180, north), new Box(-180, south, east, north)));
        }
        if (east > 180) {
            return new SearchArea(List.of(new Box(west, south, 180, north), new Box(-180, south, east - 360, north)));
        }
        return new SearchArea(List.of(new Box(west, south, east, north)));
    }
}
