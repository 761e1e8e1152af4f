package io.tracking.contract.trip;

/**
 * A place on the map, such as an order's pickup or drop-off.
 *
 * @param latitude WGS84 degrees in [-90, 90]
 * @param longitude WGS84 degrees in [-180, 180]
 */
public record GeoPoint(double latitude, double longitude) {
}
