package io.tracking.simulator.trips;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.Stop;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;

/**
 * Plans the orders of a delivery run and their trips: the driver starts 1.5–4.5 km from the pickup, drives there
 * along a polyline with a few bends at 6–12 m/s (with slow-downs), parks within a few metres of it for 3–8 min,
 * drives 1.5–4.5 km to the drop-off the same way and parks there for 1–2 min. One leg in ten first passes its stop
 * at 10–30 m and 10–13 m/s (a missed entrance), drives on 300–500 m, turns and comes back: a drive-by that must
 * not count as an arrival. {@link TripSimulation} adds the phone's noise.
 *
 * <p>Everything follows from the seed, so a run can be repeated; orders and trips use separate random streams, so
 * that the orders registered before the timeline is anchored are the orders the trips then drive.
 */
final class DeliveryPlanner {

    /** Share of legs with a drive-by of their stop before the real arrival. */
    static final double DRIVE_BY_SHARE = 0.1;
    /** The latest a trip starts after the origin: trips are staggered, as orders come in. */
    static final Duration MAX_STAGGER = Duration.ofSeconds(60);
    /**
     * An upper bound of one trip's length: two legs of at most 4.5 km × 1.5 (bends, drive-by) at a few m/s on
     * average with slow-downs, 8 min at the pickup and 2 at the drop-off. Timelines in the past end before now.
     */
    static final Duration MAX_TRIP = Duration.ofMinutes(50);

    private static final long TRIPS_STREAM = 0x7431_7053L;

    private DeliveryPlanner() {
    }

    /** {@code count} orders with pickups in the inner 70 % of the area, each with a driver of its own. */
    static List<DeliveryOrder> orders(String idPrefix, int count, CityArea area, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        GeoPoint centre = new GeoPoint(area.centreLatitude(), area.centreLongitude());
        List<DeliveryOrder> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom random = root.split();
            GeoPoint pickup = Distances.towards(centre, random.nextDouble() * 2 * Math.PI,
                    area.radiusMeters() * 0.7 * Math.sqrt(random.nextDouble()));
            GeoPoint dropoff = Distances.towards(pickup, random.nextDouble() * 2 * Math.PI,
                    1_500 + random.nextDouble() * 3_000);
            String number = Fleet.driverId("", i, count);
            orders.add(new DeliveryOrder(idPrefix + "order-" + number, Fleet.driverId(idPrefix, i, count),
                    idPrefix + "customer-" + number, idPrefix + "restaurant-" + number, rounded(pickup),
                    rounded(dropoff)));
        }
        return List.copyOf(orders);
    }

    /** The trips of {@code orders}, each starting within {@link #MAX_STAGGER} after {@code origin}. */
    static List<PlannedTrip> trips(List<DeliveryOrder> orders, Instant origin, long seed) {
        SplittableRandom root = new SplittableRandom(seed ^ TRIPS_STREAM);
        List<PlannedTrip> trips = new ArrayList<>(orders.size());
        for (DeliveryOrder order : orders) {
            trips.add(trip(order, origin, root.split()));
        }
        return List.copyOf(trips);
    }

    static PlannedTrip trip(DeliveryOrder order, Instant origin, RandomGenerator random) {
        GeoPoint start = Distances.towards(order.pickup(), random.nextDouble() * 2 * Math.PI,
                1_500 + random.nextDouble() * 3_000);
        Instant startAt = origin.plusMillis(random.nextLong(MAX_STAGGER.toMillis()));
        TripSimulation simulation = new TripSimulation(order.driverId(), start, startAt, random);
        List<TripTruth.DriveBy> driveBys = new ArrayList<>();

        Instant pickupArrival = leg(simulation, start, order.pickup(), Stop.PICKUP, random, driveBys);
        simulation.park(parkingSpot(order.pickup(), random), Duration.ofSeconds(180 + random.nextInt(301)));
        Instant pickupDeparture = simulation.now();
        Instant dropoffArrival = leg(simulation, order.pickup(), order.dropoff(), Stop.DROPOFF, random, driveBys);
        simulation.park(parkingSpot(order.dropoff(), random), Duration.ofSeconds(60 + random.nextInt(61)));

        TripTruth truth = new TripTruth(order.orderId(), order.driverId(), pickupArrival, pickupDeparture,
                dropoffArrival, driveBys);
        return new PlannedTrip(order, truth, simulation.pings());
    }

    /** Drives from {@code from} to a parking spot at {@code stop}; returns the true arrival. */
    private static Instant leg(TripSimulation simulation, GeoPoint from, GeoPoint stop, Stop which,
            RandomGenerator random, List<TripTruth.DriveBy> driveBys) {
        simulation.headFor(stop);
        GeoPoint last = from;
        for (GeoPoint bend : bends(from, stop, random)) {
            simulation.driveTo(bend, 6 + random.nextDouble() * 6, false, false);
            last = bend;
        }
        if (random.nextDouble() < DRIVE_BY_SHARE) {
            driveBys.add(driveBy(simulation, last, stop, which, random));
        }
        simulation.driveTo(parkingSpot(stop, random), 6 + random.nextDouble() * 6, false, true);
        Instant arrival = simulation.insideSince();
        if (arrival == null) {
            throw new IllegalStateException("a parked driver is inside the arrive radius by construction");
        }
        return arrival;
    }

    /**
     * Two or three bends between {@code from} and {@code to}, each off the straight line by 8–20 % of the leg: the
     * roads are not straight, and the ETA's detour factor has something to learn.
     */
    private static List<GeoPoint> bends(GeoPoint from, GeoPoint to, RandomGenerator random) {
        double length = Distances.meters(from, to);
        double bearing = Distances.bearing(from, to);
        int count = 2 + random.nextInt(2);
        List<GeoPoint> bends = new ArrayList<>(count);
        for (int k = 1; k <= count; k++) {
            double along = length * (k + random.nextDouble() * 0.6 - 0.3) / (count + 1);
            double aside = length * (0.08 + random.nextDouble() * 0.12) * (random.nextBoolean() ? 1 : -1);
            bends.add(Distances.towards(Distances.towards(from, bearing, along), bearing + Math.PI / 2, aside));
        }
        return bends;
    }

    /**
     * Passes {@code stop} at 10–30 m and 10–13 m/s on a straight line, 200 m before to 300–500 m beyond it, then
     * brakes for a U-turn; the caller drives back to the stop.
     */
    private static TripTruth.DriveBy driveBy(TripSimulation simulation, GeoPoint from, GeoPoint stop, Stop which,
            RandomGenerator random) {
        double direction = Distances.bearing(from, stop);
        double side = direction + (random.nextBoolean() ? Math.PI / 2 : -Math.PI / 2);
        GeoPoint abreast = Distances.towards(stop, side, 10 + random.nextDouble() * 20);
        GeoPoint before = Distances.towards(abreast, direction, -200);
        GeoPoint beyond = Distances.towards(abreast, direction, 300 + random.nextDouble() * 200);
        double cruise = 10 + random.nextDouble() * 3;
        simulation.driveTo(before, cruise, true, false);
        TripSimulation.Pass pass = simulation.driveTo(beyond, cruise, true, true);
        return new TripTruth.DriveBy(which, pass.at(), Math.round(pass.meters() * 10) / 10.0,
                Math.round(pass.speedMps() * 10) / 10.0);
    }

    /** Where the driver parks: 3–12 m from the stop's point. */
    private static GeoPoint parkingSpot(GeoPoint stop, RandomGenerator random) {
        return Distances.towards(stop, random.nextDouble() * 2 * Math.PI, 3 + random.nextDouble() * 9);
    }

    private static GeoPoint rounded(GeoPoint point) {
        return new GeoPoint(Math.round(point.latitude() * 1e7) / 1e7, Math.round(point.longitude() * 1e7) / 1e7);
    }
}
