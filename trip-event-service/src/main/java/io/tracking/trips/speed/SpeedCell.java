package io.tracking.trips.speed;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A square of roughly {@code cellSizeMeters} a side and an hour of the day (UTC): the unit typical speeds are kept
 * per. The longitude index shrinks with the cosine of the latitude so that a cell stays about square away from the
 * equator; {@link TypicalSpeedRepository}'s query computes the same indexes in SQL.
 */
record SpeedCell(long latitudeIndex, long longitudeIndex, int hour) {

    static final double METERS_PER_DEGREE = 111_320.0;

    static SpeedCell of(double latitude, double longitude, Instant at, double cellSizeMeters) {
        return new SpeedCell(
                (long) Math.floor(latitude * METERS_PER_DEGREE / cellSizeMeters),
                (long) Math.floor(longitude * METERS_PER_DEGREE * Math.cos(Math.toRadians(latitude)) / cellSizeMeters),
                at.atZone(ZoneOffset.UTC).getHour());
    }
}
