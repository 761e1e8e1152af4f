package io.tracking.trips.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.trip.GeoPoint;

/**
 * Builds a driver's fixes, one every {@code interval}: {@code Drive.of(driver, start, at).to(point, speed)
 * .stay(duration).fixes()}. Positions move along straight lines on a local flat approximation, which is exact
 * enough over the few kilometres of a test.
 */
public final class Drive {

    private static final double METERS_PER_DEGREE = 111_320.0;

    private final String driverId;
    private final Duration interval;
    private final List<LocationUpdate> fixes = new ArrayList<>();
    private GeoPoint position;
    private Instant time;

    private Drive(String driverId, GeoPoint start, Instant at, Duration interval) {
        this.driverId = driverId;
        this.position = start;
        this.time = at;
        this.interval = interval;
    }

    public static Drive of(String driverId, GeoPoint start, Instant at) {
        return new Drive(driverId, start, at, Duration.ofSeconds(4));
    }

    /** The point {@code meters} north and {@code eastMeters} east of {@code point}. */
    public static GeoPoint offset(GeoPoint point, double northMeters, double eastMeters) {
        return new GeoPoint(point.latitude() + northMeters / METERS_PER_DEGREE,
                point.longitude() + eastMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(point.latitude()))));
    }

    /** Drives in a straight line to {@code target} at {@code speedMps}, a fix every interval on the way. */
    public Drive to(GeoPoint target, double speedMps) {
        double north = (target.latitude() - position.latitude()) * METERS_PER_DEGREE;
        double east = (target.longitude() - position.longitude()) * METERS_PER_DEGREE
                * Math.cos(Math.toRadians(position.latitude()));
        double meters = Math.hypot(north, east);
        long steps = Math.max(1, Math.round(meters / speedMps / interval.toSeconds()));
        GeoPoint from = position;
        for (int i = 1; i <= steps; i++) {
            fix(offset(from, north * i / steps, east * i / steps), speedMps);
        }
        return this;
    }

    /** Stays where it is for {@code duration}, a fix every interval. */
    public Drive stay(Duration duration) {
        for (long i = 0; i < duration.dividedBy(interval); i++) {
            fix(position, 0.0);
        }
        return this;
    }

    public Instant time() {
        return time;
    }

    public List<LocationUpdate> fixes() {
        return List.copyOf(fixes);
    }

    private void fix(GeoPoint at, double speed) {
        time = time.plus(interval);
        position = at;
        fixes.add(new LocationUpdate(driverId, at.latitude(), at.longitude(), time, time, 8.0, speed, null));
    }
}
