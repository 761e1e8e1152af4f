package io.tracking.trips.model;

import java.time.Duration;
import java.util.List;

import io.tracking.contract.trip.Stop;

/**
 * How wrong the ETA was, measured at an arrival: the absolute error of the prediction made about {@code horizon}
 * before it. The service records one histogram per horizon.
 *
 * @param stop the stop arrived at
 * @param horizon the nominal lead time, one of {@link #HORIZONS}
 * @param lead the actual lead time of the prediction used (within {@link #TOLERANCE} of the horizon)
 * @param absoluteErrorSeconds |predicted arrival − actual arrival|, in seconds
 */
public record EtaAccuracy(Stop stop, Duration horizon, Duration lead, double absoluteErrorSeconds) {

    /** The lead times the issue asks about: 10, 5 and 2 minutes before the arrival. */
    public static final List<Duration> HORIZONS = List.of(Duration.ofMinutes(10), Duration.ofMinutes(5),
            Duration.ofMinutes(2));

    /** How far from the horizon the nearest kept prediction may be and still stand for it. */
    public static final Duration TOLERANCE = Duration.ofSeconds(30);
}
