package io.tracking.query.track;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.tracking.contract.LocationUpdateRules;
import io.tracking.query.QueryProperties;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.system.RequestRules;

/** A driver's path between two instants, for the fleet roles. */
@RestController
class TrackController {

    private final TrackRepository tracks;
    private final QueryProperties.Track limits;

    TrackController(TrackRepository tracks, QueryProperties properties) {
        this.tracks = tracks;
        this.limits = properties.track();
    }

    private static final String TIME_RANGE = "must be an instant in [" + LocationUpdateRules.EARLIEST_TIME + ", "
            + LocationUpdateRules.LATEST_TIME + "]";

    /**
     * Positions recorded in {@code [from, to)}, oldest first. The window may span at most
     * {@code tracking.query.track.max-window}; at most {@code limit} points come back, with {@code truncated} set
     * when there were more.
     */
    @GetMapping("/api/v1/drivers/{driverId}/track")
    TrackResponse track(@PathVariable String driverId, @RequestParam Instant from, @RequestParam Instant to,
            @RequestParam(required = false) @Nullable Integer limit) {
        int max = limit == null ? limits.defaultLimit() : limit;
        RequestRules rules = new RequestRules().id("driverId", driverId).range("limit", max, 1, limits.maxLimit());
        // no ping is stored outside the contract's time range, and PostgreSQL refuses some instants Java reads
        if (!LocationUpdateRules.isInTimeRange(from)) {
            rules.add("from", "range", TIME_RANGE);
        } else if (to.isAfter(LocationUpdateRules.LATEST_TIME)) {
            rules.add("to", "range", TIME_RANGE);
        } else if (!from.isBefore(to)) {
            rules.add("from", "order", "must be before to");
        } else if (Duration.between(from, to).compareTo(limits.maxWindow()) > 0) {
            rules.add("to", "window", "must be at most " + limits.maxWindow() + " after from");
        }
        rules.check();
        List<DriverLocation> rows = tracks.between(driverId, from, to, max + 1);
        boolean truncated = rows.size() > max;
        List<TrackPoint> points = rows.stream().limit(max).map(TrackPoint::of).toList();
        return new TrackResponse(driverId, from, to, points, truncated);
    }
}
