package io.tracking.query.nearby;

import java.time.Instant;
import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.tracking.query.QueryProperties;
import io.tracking.query.system.RequestRules;

/** Who is near a point, for the fleet roles. */
@RestController
class NearbyController {

    private final NearbyRepository nearby;
    private final QueryProperties.Nearby limits;
    private final Clock clock;

    NearbyController(NearbyRepository nearby, QueryProperties properties, Clock clock) {
        this.nearby = nearby;
        this.limits = properties.nearby();
        this.clock = clock;
    }

    /**
     * Drivers whose latest position was recorded within {@code tracking.query.nearby.freshness} and lies within
     * {@code radiusMeters} of ({@code lat}, {@code lon}), nearest first, with their distance in metres.
     */
    @GetMapping("/api/v1/drivers/nearby")
    NearbyResponse nearby(@RequestParam double lat, @RequestParam double lon,
            @RequestParam(required = false) @Nullable Integer radiusMeters,
            @RequestParam(required = false) @Nullable Integer limit) {
        int radius = radiusMeters == null ? limits.defaultRadiusMeters() : radiusMeters;
        int max = limit == null ? limits.defaultLimit() : limit;
        new RequestRules()
                .range("lat", lat, -90, 90)
                .range("lon", lon, -180, 180)
                .range("radiusMeters", radius, 1, limits.maxRadiusMeters())
                .range("limit", max, 1, limits.maxLimit())
                .check();
        Instant now = clock.instant();
        return new NearbyResponse(nearby.find(lat, lon, radius, now.minus(limits.freshness()), max, now));
    }
}
