package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.GeoPoint;

/**
 * Builds a driver's fixes the way a phone would send them: {@code Track.of(driver, start, t0).moveTo(pickup, 10)
 * .stay(Duration.ofMinutes(3))…}. Fixes come every {@link #every interval} (4 s unless told), each with the next
 * offset of partition 0, so that tests read as journeys rather than coordinate lists.
 */
final class Track {

    private final String driverId;
    private final List<Fix> fixes = new ArrayList<>();
    private final Random random;
    private GeoPoint position;
    private Instant at;
    private Duration interval = Duration.ofSeconds(4);
    private @Nullable Double accuracy = 10.0;
    private boolean reportsSpeed = true;
    private long offset;

    private Track(String driverId, GeoPoint start, Instant at, long seed) {
        this.driverId = driverId;
        this.position = start;
        this.at = at;
        this.random = new Random(seed);
    }

    static Track of(String driverId, GeoPoint start, Instant at) {
        return new Track(driverId, start, at, 42);
    }

    /** The point {@code north} and {@code east} metres from {@code point}. */
    static GeoPoint offset(GeoPoint point, double north, double east) {
        double metersPerDegree = Math.toRadians(Geo.EARTH_RADIUS_METERS);
        return new GeoPoint(point.latitude() + north / metersPerDegree,
                point.longitude() + east / (metersPerDegree * Math.cos(Math.toRadians(point.latitude()))));
    }

    Track every(Duration interval) {
        this.interval = interval;
        return this;
    }

    Track accuracy(@Nullable Double meters) {
        this.accuracy = meters;
        return this;
    }

    /** Whether the phone reports its speed (moving at the driving speed, 0 when parked). */
    Track reportsSpeed(boolean reportsSpeed) {
        this.reportsSpeed = reportsSpeed;
        return this;
    }

    /** Drives in a straight line to {@code target} at {@code speedMps}, one fix per interval, the last one there. */
    Track moveTo(GeoPoint target, double speedMps) {
        GeoPoint from = position;
        double meters = Geo.distanceMeters(from.latitude(), from.longitude(), target.latitude(), target.longitude());
        double seconds = meters / speedMps;
        double step = interval.toMillis() / 1000.0;
        for (double t = step; t < seconds; t += step) {
            double f = t / seconds;
            fix(new GeoPoint(from.latitude() + f * (target.latitude() - from.latitude()),
                    from.longitude() + f * (target.longitude() - from.longitude())), speedMps, interval);
        }
        Duration rest = Duration.ofMillis(Math.round((seconds - Math.floor(seconds / step) * step) * 1000));
        fix(target, speedMps, rest.isZero() ? interval : rest);
        position = target;
        return this;
    }

    /** Parked for {@code duration}: a fix per interval at the same point. */
    Track stay(Duration duration) {
        return stayWithJitter(duration, 0);
    }

    /** Parked for {@code duration}, each fix off by up to {@code meters} north and east (the true point stays). */
    Track stayWithJitter(Duration duration, double meters) {
        Instant until = at.plus(duration);
        while (!at.plus(interval).isAfter(until)) {
            GeoPoint noisy = offset(position, (2 * random.nextDouble() - 1) * meters,
                    (2 * random.nextDouble() - 1) * meters);
            fix(noisy, 0.0, interval);
        }
        return this;
    }

    /** One fix {@code meters} north of where the driver really is; the driver stays where they were. */
    Track jump(double meters) {
        fix(offset(position, meters, 0), 0.0, interval);
        return this;
    }

    /** The next fix comes {@code duration} after the last one: the phone fell silent, the driver stayed put. */
    Track gap(Duration duration) {
        at = at.plus(duration).minus(interval);
        return this;
    }

    Instant now() {
        return at;
    }

    List<Fix> fixes() {
        return List.copyOf(fixes);
    }

    private void fix(GeoPoint point, double speedMps, Duration after) {
        at = at.plus(after);
        fixes.add(new Fix(driverId, point.latitude(), point.longitude(), at, accuracy,
                reportsSpeed ? speedMps : null, 0, offset++));
    }
}
