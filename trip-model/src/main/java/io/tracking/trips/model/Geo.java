package io.tracking.trips.model;

/** Great-circle geometry on a spherical Earth: good to about 0.5 %, far below GPS error at these distances. */
public final class Geo {

    /** The mean Earth radius (IUGG), in metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private Geo() {
    }

    /** The haversine distance in metres between two WGS84 points given in degrees. */
    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double sinHalfDPhi = Math.sin((phi2 - phi1) / 2);
        double sinHalfDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double a = sinHalfDPhi * sinHalfDPhi + Math.cos(phi1) * Math.cos(phi2) * sinHalfDLambda * sinHalfDLambda;
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
