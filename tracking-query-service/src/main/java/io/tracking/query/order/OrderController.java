package io.tracking.query.order;

import java.time.Clock;
import java.time.Instant;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.tracking.query.location.DriverLocation;
import io.tracking.query.location.LatestLocations;
import io.tracking.query.location.LocationView;
import io.tracking.query.system.Caller;
import io.tracking.query.system.Distances;
import io.tracking.query.system.RequestRules;

/** Orders: dispatch registers them; customers, restaurants and the fleet roles follow their driver. */
@RestController
@RequestMapping("/api/v1/orders")
class OrderController {

    private final OrderService service;
    private final OrderAccess access;
    private final LatestLocations locations;
    private final OrderTrips trips;
    private final Clock clock;

    OrderController(OrderService service, OrderAccess access, LatestLocations locations, OrderTrips trips,
            Clock clock) {
        this.service = service;
        this.access = access;
        this.locations = locations;
        this.trips = trips;
        this.clock = clock;
    }

    /** Creates (201) or updates (200) an order. Dispatch only. */
    @PutMapping("/{orderId}")
    ResponseEntity<OrderView> put(@PathVariable String orderId, @Valid @RequestBody OrderRequest request) {
        RequestRules.checkId("orderId", orderId);
        request.checkAcrossFields();
        OrderService.PutResult result = service.put(orderId, request);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(OrderView.of(result.order()));
    }

    /**
     * The order's status and its driver's latest position with distances; see {@link OrderAccess} for who. The
     * position may have been recorded before the driver was assigned to the order: it says where the driver is now
     * (its age shows how fresh that is), one point and never a route. A stream started without {@code Last-Event-ID}
     * begins with the same point; nothing else from before the assignment is ever shown through the order. The
     * order's trip events and ETA come with it ({@link OrderTrips}).
     */
    @GetMapping("/{orderId}/tracking")
    OrderTrackingView tracking(@PathVariable String orderId, Authentication authentication) {
        Order order = access.trackable(orderId, Caller.of(authentication));
        Instant now = clock.instant();
        OrderTrips.Trip trip = trips.of(order, now);
        return locations.find(order.driverId())
                .map(location -> view(order, location, trip, now))
                .orElseGet(() -> new OrderTrackingView(order.orderId(), order.status(), order.driverId(),
                        order.pickup(), order.dropoff(), null, null, null, trip.eta(), trip.events()));
    }

    private static OrderTrackingView view(Order order, DriverLocation location, OrderTrips.Trip trip, Instant now) {
        return new OrderTrackingView(order.orderId(), order.status(), order.driverId(), order.pickup(),
                order.dropoff(), LocationView.of(location, now),
                rounded(Distances.meters(location.latitude(), location.longitude(), order.pickup().lat(),
                        order.pickup().lon())),
                rounded(Distances.meters(location.latitude(), location.longitude(), order.dropoff().lat(),
                        order.dropoff().lon())),
                trip.eta(), trip.events());
    }

    private static double rounded(double meters) {
        return Math.round(meters * 10) / 10.0;
    }
}
