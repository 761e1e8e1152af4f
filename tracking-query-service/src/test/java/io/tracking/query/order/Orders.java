package io.tracking.query.order;

import java.util.LinkedHashMap;
import java.util.Map;

/** Order request bodies for tests. */
public final class Orders {

    private Orders() {
    }

    public static Map<String, Object> body(String driverId, String customerId, String restaurantId, String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("driverId", driverId);
        body.put("customerId", customerId);
        body.put("restaurantId", restaurantId);
        body.put("pickup", Map.of("latitude", 52.5, "longitude", 13.4));
        body.put("dropoff", Map.of("latitude", 52.51, "longitude", 13.4));
        body.put("status", status);
        return body;
    }
}
