package io.tracking.query.order;

import static io.tracking.query.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.tracking.query.support.Api;
import tools.jackson.databind.JsonNode;

class OrderTrackingIT extends OrderIntegrationTest {

    @Test
    void shouldShowTheCustomerTheDriverWithDistances() {
        putStatus("ASSIGNED");
        // 0.01 degree of latitude south of the pickup, 0.02 south of the drop-off
        writer.ping(driverId, 52.49, 13.4, Instant.now().minusSeconds(5));

        Api.Response response = tracking(token(customerId, "customer"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("orderId").asString()).isEqualTo(orderId);
        assertThat(body.get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(body.get("driverId").asString()).isEqualTo(driverId);
        assertThat(body.get("driver").get("latitude").asDouble()).isEqualTo(52.49);
        assertThat(body.get("driver").get("ageSeconds").asLong()).isBetween(4L, 15L);
        assertThat(body.get("distanceToPickupMeters").asDouble()).isCloseTo(1112.0, within(1.0));
        assertThat(body.get("distanceToDropoffMeters").asDouble()).isCloseTo(2224.0, within(1.5));
        assertThat(body.get("pickup").get("latitude").asDouble()).isEqualTo(52.5);
        assertThat(body.get("dropoff").get("latitude").asDouble()).isEqualTo(52.51);
    }

    @Test
    void shouldShowWhereTheDriverIsNowEvenIfThatFixPredatesTheAssignment() {
        // the driver's last fix, from before the order existed: one point, where the driver is now
        writer.ping(driverId, 52.3, 13.4, Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MICROS));
        putStatus("ASSIGNED");

        JsonNode body = tracking(token(customerId, "customer")).json();

        assertThat(body.get("driver").get("latitude").asDouble()).isEqualTo(52.3);
        assertThat(body.get("driver").get("ageSeconds").asLong()).isGreaterThanOrEqualTo(600);
    }

    @Test
    void shouldShowTheOrderWithoutDriverWhileNoPositionIsKnown() {
        putStatus("ASSIGNED");
        JsonNode body = tracking(token(customerId, "customer")).json();
        assertThat(body.get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(body.has("driver")).isFalse();
        assertThat(body.has("distanceToPickupMeters")).isFalse();
        assertThat(body.get("pickup").get("longitude").asDouble()).as("the stops, known without a fix").isEqualTo(13.4);
    }

    @Test
    void shouldShowThePreparingRestaurantAndTheFleetRoles() {
        putStatus("PICKED_UP");
        writer.ping(driverId, 52.5, 13.4, Instant.now());
        assertThat(tracking(token(restaurantId, "restaurant")).status()).isEqualTo(200);
        assertThat(tracking(logistics()).status()).isEqualTo(200);
        assertThat(tracking(dispatch()).status()).isEqualTo(200);
    }

    @Test
    void shouldHideAnotherCustomersOrderAsIfItDidNotExist() {
        putStatus("ASSIGNED");
        Api.Response other = tracking(token(id("customer"), "customer"));
        Api.Response unknown = api.get("/api/v1/orders/" + id("order") + "/tracking",
                token(customerId, "customer"));
        assertProblem(other, 404, "not-found");
        assertProblem(unknown, 404, "not-found");
        assertThat(other.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    }

    @Test
    void shouldHideTheOrderFromARestaurantThatDoesNotPrepareIt() {
        putStatus("ASSIGNED");
        assertProblem(tracking(token(id("restaurant"), "restaurant")), 404, "not-found");
    }

    @Test
    void shouldNotMatchACustomerIdPresentedWithTheRestaurantRole() {
        putStatus("ASSIGNED");
        assertProblem(tracking(token(customerId, "restaurant")), 404, "not-found");
    }

    @Test
    void shouldStopShowingTheDriverOnceDeliveredOrCancelled() {
        putStatus("ASSIGNED");
        writer.ping(driverId, 52.5, 13.4, Instant.now());
        putStatus("DELIVERED");

        JsonNode body = assertProblem(tracking(token(customerId, "customer")), 403, "tracking-ended");
        assertThat(body.toString()).doesNotContain("52.5");
        assertProblem(tracking(token(restaurantId, "restaurant")), 403, "tracking-ended");
        assertProblem(tracking(logistics()), 403, "tracking-ended");
        // another customer still cannot tell that the order exists
        assertProblem(tracking(token(id("customer"), "customer")), 404, "not-found");
    }

    @Test
    void shouldStopShowingTheDriverOfACancelledOrder() {
        putStatus("CANCELLED");
        assertProblem(tracking(token(customerId, "customer")), 403, "tracking-ended");
    }

    @Test
    void shouldRefuseDriversAndAnonymousCallers() {
        putStatus("ASSIGNED");
        assertProblem(tracking(token(driverId, "driver")), 403, "forbidden");
        assertProblem(tracking(null), 401, "unauthorized");
    }
}
