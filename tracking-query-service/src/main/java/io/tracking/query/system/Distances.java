package io.tracking.query.system;

/** Great-circle distances on a spherical Earth, as the nearby SQL computes them too. */
public final class Distances {

    /** Mean Earth radius (IUGG), metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private Distances() {
    }

    /** Haversine distance in metres between two WGS84 points given in degrees. */
    public static double meters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
