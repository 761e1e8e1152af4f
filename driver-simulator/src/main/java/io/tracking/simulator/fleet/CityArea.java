package io.tracking.simulator.fleet;

/**
 * The disc drivers move in.
 *
 * @param centreLatitude WGS84 degrees
 * @param centreLongitude WGS84 degrees
 * @param radiusMeters drivers start inside 80 % of it and are steered back before they leave it
 */
public record CityArea(double centreLatitude, double centreLongitude, double radiusMeters) {

    /** Bengaluru, 15 km around the centre of the city. */
    public static final CityArea BENGALURU = new CityArea(12.9716, 77.5946, 15_000);

    static final double EARTH_RADIUS_METERS = 6_371_008.8;

    /** Distance in metres from the centre; an equirectangular approximation, accurate to well under 1 % at city scale. */
    public double distanceFromCentre(double latitude, double longitude) {
        double north = northOffsetMeters(latitude);
        double east = eastOffsetMeters(latitude, longitude);
        return Math.hypot(north, east);
    }

    double northOffsetMeters(double latitude) {
        return Math.toRadians(latitude - centreLatitude) * EARTH_RADIUS_METERS;
    }

    double eastOffsetMeters(double latitude, double longitude) {
        double meanLatitude = Math.toRadians((latitude + centreLatitude) / 2);
        return Math.toRadians(longitude - centreLongitude) * EARTH_RADIUS_METERS * Math.cos(meanLatitude);
    }
}
