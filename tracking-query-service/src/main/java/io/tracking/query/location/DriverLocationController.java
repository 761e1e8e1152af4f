package io.tracking.query.location;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.tracking.query.QueryProperties;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.RequestRules;

/** Latest positions for the fleet roles (logistics, dispatch). */
@RestController
@RequestMapping("/api/v1/drivers")
class DriverLocationController {

    private final LatestLocations locations;
    private final QueryProperties properties;
    private final Clock clock;

    DriverLocationController(LatestLocations locations, QueryProperties properties, Clock clock) {
        this.locations = locations;
        this.properties = properties;
        this.clock = clock;
    }

    /** The newest known position of one driver; 404 when none is known. */
    @GetMapping("/{driverId}/location")
    LocationView latest(@PathVariable String driverId) {
        RequestRules.checkId("driverId", driverId);
        DriverLocation location = locations.find(driverId)
                .orElseThrow(() -> ApiProblem.notFound("No position is known for this driver."));
        return LocationView.of(location, clock.instant());
    }

    /** The newest known positions of up to {@code max-bulk-drivers} drivers, and the ids with none. */
    @PostMapping("/locations/query")
    BulkLocationResponse bulk(@Valid @RequestBody BulkLocationQuery query) {
        List<String> asked = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(query.driverIds())));
        // duplicates count once, as documented: a client that repeats an id asks for one driver
        if (asked.size() > properties.maxBulkDrivers()) {
            throw ApiProblem.invalid("driverIds", "size",
                    "must list at most " + properties.maxBulkDrivers() + " distinct driver ids");
        }
        Map<String, DriverLocation> found = new HashMap<>();
        for (DriverLocation location : locations.findAll(asked)) {
            found.put(location.driverId(), location);
        }
        Instant now = clock.instant();
        List<LocationView> views = new ArrayList<>(found.size());
        List<String> notFound = new ArrayList<>();
        for (String driverId : asked) {
            DriverLocation location = found.get(driverId);
            if (location == null) {
                notFound.add(driverId);
            } else {
                views.add(LocationView.of(location, now));
            }
        }
        return new BulkLocationResponse(views, notFound);
    }
}
