package io.tracking.simulator.trips;

import io.tracking.contract.trip.GeoPoint;

/** Great-circle distances and local offsets in metres, precise enough at the scale of a city. */
final class Distances {

    static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private Distances() {
    }

    /** The haversine distance between two points, as the trip engine measures it. */
    static double meters(GeoPoint a, GeoPoint b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** The point {@code northMeters} north and {@code eastMeters} east of {@code from}. */
    static GeoPoint offset(GeoPoint from, double northMeters, double eastMeters) {
        double latitude = from.latitude() + Math.toDegrees(northMeters / EARTH_RADIUS_METERS);
        double longitude = from.longitude() + Math.toDegrees(
                eastMeters / (EARTH_RADIUS_METERS * Math.cos(Math.toRadians(from.latitude()))));
        return new GeoPoint(latitude, longitude);
    }

    /** The point {@code meters} from {@code from} in the direction {@code bearingRadians} (0 north, clockwise). */
    static GeoPoint towards(GeoPoint from, double bearingRadians, double meters) {
        return offset(from, meters * Math.cos(bearingRadians), meters * Math.sin(bearingRadians));
    }

    /** The bearing from {@code from} to {@code to} in radians (0 north, clockwise), on the local plane. */
    static double bearing(GeoPoint from, GeoPoint to) {
        double north = Math.toRadians(to.latitude() - from.latitude()) * EARTH_RADIUS_METERS;
        double east = Math.toRadians(to.longitude() - from.longitude()) * EARTH_RADIUS_METERS
                * Math.cos(Math.toRadians(from.latitude()));
        return Math.atan2(east, north);
    }
}
