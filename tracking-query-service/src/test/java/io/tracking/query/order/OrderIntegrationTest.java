package io.tracking.query.order;

import java.util.Map;

import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;

/** An order of fresh ids per test, registered by dispatch, and its tracking read by whoever asks. */
abstract class OrderIntegrationTest extends IntegrationTest {

    protected final String orderId = id("order");
    protected final String driverId = id("driver");
    protected final String customerId = id("customer");
    protected final String restaurantId = id("restaurant");

    protected Api.Response put(Map<String, Object> body) {
        return api.put("/api/v1/orders/" + orderId, dispatch(), Api.json(body));
    }

    protected Api.Response putStatus(String status) {
        return put(Orders.body(driverId, customerId, restaurantId, status));
    }

    protected Api.Response tracking(String token) {
        return api.get("/api/v1/orders/" + orderId + "/tracking", token);
    }
}
