package io.tracking.query.nearby;

import static io.tracking.query.system.ProblemAssertions.assertViolation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.tracking.query.support.IntegrationTest;
import io.tracking.query.system.Distances;
import tools.jackson.databind.JsonNode;

class NearbyIT extends IntegrationTest {

    // a random centre per test, so that drivers of other tests in the shared database are kilometres away
    private final double lat = ThreadLocalRandom.current().nextDouble(-60, 60);
    private final double lon = ThreadLocalRandom.current().nextDouble(-170, 170);

    /** A point {@code meters} north of the centre. */
    private double north(double meters) {
        return lat + Math.toDegrees(meters / Distances.EARTH_RADIUS_METERS);
    }

    private JsonNode nearby(String query) {
        var response = api.get("/api/v1/drivers/nearby?lat=" + lat + "&lon=" + lon + query, logistics());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("drivers");
    }

    @Test
    void shouldListFreshDriversWithinTheRadiusNearestFirstWithDistances() {
        String far = id("far");
        String near = id("near");
        String middle = id("middle");
        String outside = id("outside");
        Instant now = Instant.now();
        writer.ping(far, north(900), lon, now);
        writer.ping(near, north(100), lon, now);
        writer.ping(middle, north(500), lon, now, 3.0, null, null);
        writer.ping(outside, north(1100), lon, now);

        JsonNode drivers = nearby("&radiusMeters=1000");

        assertThat(drivers).hasSize(3);
        assertThat(drivers.get(0).get("driverId").asString()).isEqualTo(near);
        assertThat(drivers.get(0).get("distanceMeters").asDouble()).isCloseTo(100, within(0.5));
        assertThat(drivers.get(1).get("driverId").asString()).isEqualTo(middle);
        assertThat(drivers.get(1).get("distanceMeters").asDouble()).isCloseTo(500, within(0.5));
        assertThat(drivers.get(1).get("accuracyMeters").asDouble()).isEqualTo(3.0);
        assertThat(drivers.get(2).get("driverId").asString()).isEqualTo(far);
        assertThat(drivers.get(2).get("distanceMeters").asDouble()).isCloseTo(900, within(0.5));
    }

    @Test
    void shouldMeasureEastWestDistancesOnTheSphere() {
        String east = id("east");
        // 0.01 degree of longitude is shorter away from the equator
        writer.ping(east, lat, lon + 0.01, Instant.now());

        JsonNode drivers = nearby("&radiusMeters=5000");

        assertThat(drivers).hasSize(1);
        assertThat(drivers.get(0).get("distanceMeters").asDouble())
                .isCloseTo(Distances.meters(lat, lon, lat, lon + 0.01), within(0.1));
    }

    @Test
    void shouldLeaveOutDriversWhosePositionIsStale() {
        String fresh = id("fresh");
        String stale = id("stale");
        writer.ping(fresh, north(50), lon, Instant.now().minusSeconds(90));
        writer.ping(stale, north(10), lon, Instant.now().minusSeconds(150));

        JsonNode drivers = nearby("&radiusMeters=1000");

        assertThat(drivers).hasSize(1);
        assertThat(drivers.get(0).get("driverId").asString()).isEqualTo(fresh);
    }

    @Test
    void shouldReturnAtMostLimitDrivers() {
        for (int i = 1; i <= 5; i++) {
            writer.ping(id("d" + i), north(i * 10), lon, Instant.now());
        }
        JsonNode drivers = nearby("&radiusMeters=1000&limit=2");
        assertThat(drivers).hasSize(2);
        assertThat(drivers.get(0).get("distanceMeters").asDouble()).isCloseTo(10, within(0.5));
    }

    @Test
    void shouldWidenTheSearchUntilItFindsEnoughDrivers() {
        String second = id("second");
        String first = id("first");
        writer.ping(second, north(4_200), lon, Instant.now());
        writer.ping(first, north(1_500), lon, Instant.now());

        JsonNode drivers = nearby("&radiusMeters=5000&limit=20");

        assertThat(drivers).hasSize(2);
        assertThat(drivers.get(0).get("driverId").asString()).isEqualTo(first);
        assertThat(drivers.get(1).get("driverId").asString()).isEqualTo(second);
        assertThat(drivers.get(1).get("distanceMeters").asDouble()).isCloseTo(4_200, within(0.5));
    }

    @Test
    void shouldReturnTheExactNearestWhenTheFirstCircleHoldsMoreThanLimit() {
        String nearest = id("nearest");
        writer.ping(id("a"), north(900), lon, Instant.now());
        writer.ping(id("b"), north(950), lon, Instant.now());
        writer.ping(nearest, north(-300), lon, Instant.now());

        JsonNode drivers = nearby("&radiusMeters=50000&limit=1");

        assertThat(drivers).hasSize(1);
        assertThat(drivers.get(0).get("driverId").asString()).isEqualTo(nearest);
    }

    @Test
    void shouldFindDriversAcrossTheAntimeridian() {
        double centreLat = ThreadLocalRandom.current().nextDouble(-50, 50);
        String west = id("west");
        writer.ping(west, centreLat, -179.999, Instant.now());

        var response = api.get("/api/v1/drivers/nearby?lat=" + centreLat + "&lon=179.999&radiusMeters=1000",
                logistics());

        JsonNode drivers = response.json().get("drivers");
        assertThat(drivers.findValuesAsString("driverId")).contains(west);
    }

    @Test
    void shouldRefuseParametersOutOfRange() {
        assertViolation(api.get("/api/v1/drivers/nearby?lat=91&lon=0", logistics()), "lat", "range");
        assertViolation(api.get("/api/v1/drivers/nearby?lat=0&lon=-181", logistics()), "lon", "range");
        assertViolation(api.get("/api/v1/drivers/nearby?lat=0&lon=0&radiusMeters=50001", logistics()),
                "radiusMeters", "range");
        assertViolation(api.get("/api/v1/drivers/nearby?lat=0&lon=0&limit=101", logistics()), "limit", "range");
        assertViolation(api.get("/api/v1/drivers/nearby?lon=0", logistics()), "lat", "required");
        assertViolation(api.get("/api/v1/drivers/nearby?lat=north&lon=0", logistics()), "lat", "type");
        assertViolation(api.get("/api/v1/drivers/nearby?lat=&lon=0", logistics()), "lat", "type");
        assertViolation(api.get("/api/v1/drivers/nearby?lat=NaN&lon=0", logistics()), "lat", "range");
    }

    @Test
    void shouldRefuseRestaurants() {
        assertThat(api.get("/api/v1/drivers/nearby?lat=0&lon=0", token(id("r"), "restaurant")).status())
                .isEqualTo(403);
    }
}
