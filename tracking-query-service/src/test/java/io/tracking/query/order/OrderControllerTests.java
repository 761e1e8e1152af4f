package io.tracking.query.order;

import static io.tracking.query.system.ApiSliceConfiguration.NOW;
import static io.tracking.query.system.ApiSliceConfiguration.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.tracking.contract.trip.PingRef;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripEvidence;
import io.tracking.contract.trip.TripParameterOverrides;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.location.LatestLocations;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.ApiSliceConfiguration;
import io.tracking.query.trip.TripEventView;

/**
 * The status mapping of {@link OrderController}: the real {@link OrderAccess} rules, problem handler and security
 * chain, with the order repository, the service and the latest positions mocked. What PostgreSQL stores is proven
 * by {@code OrderRegistrationIT} and {@code OrderTrackingIT}.
 */
@WebMvcTest(controllers = OrderController.class,
        properties = "tracking.security.jwt.secret=" + ApiSliceConfiguration.SECRET)
@Import({ ApiSliceConfiguration.class, OrderAccess.class })
class OrderControllerTests {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    OrderService service;

    @MockitoBean
    OrderRepository orders;

    @MockitoBean
    LatestLocations locations;

    @MockitoBean
    OrderTrips trips;

    private final String orderId = "order-" + UUID.randomUUID();
    private final String driverId = "driver-" + UUID.randomUUID();
    private final String customerId = "customer-" + UUID.randomUUID();
    private final String restaurantId = "restaurant-" + UUID.randomUUID();
    private final String dispatch = bearer("ops-" + UUID.randomUUID(), "dispatch");

    @BeforeEach
    void noTripYet() {
        given(trips.of(any(), any())).willReturn(new OrderTrips.Trip(null, List.of()));
    }

    @Nested
    class Register {

        @Test
        void shouldAnswer201WhenTheOrderIsNew() throws Exception {
            given(service.put(eq(orderId), any())).willReturn(new OrderService.PutResult(order(OrderStatus.ASSIGNED),
                    true));

            register(body("ASSIGNED", 52.5), dispatch)
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.orderId").value(orderId))
                    .andExpect(jsonPath("$.driverId").value(driverId))
                    .andExpect(jsonPath("$.status").value("ASSIGNED"));
        }

        @Test
        void shouldAnswer200WhenTheOrderIsUpdated() throws Exception {
            given(service.put(eq(orderId), any())).willReturn(new OrderService.PutResult(order(OrderStatus.PICKED_UP),
                    false));

            register(body("PICKED_UP", 52.5), dispatch)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("PICKED_UP"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "unknown status,      SHIPPED,  52.5, status,          pattern",
                "pickup out of range, ASSIGNED, 91.5, pickup.latitude, range"
        })
        void shouldAnswer400NamingFieldAndRule(String name, String status, double pickupLatitude, String field,
                String rule) throws Exception {
            register(body(status, pickupLatitude), dispatch)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/validation"))
                    .andExpect(jsonPath("$.errors[0].field").value(field))
                    .andExpect(jsonPath("$.errors[0].rule").value(rule));
            then(service).should(never()).put(anyString(), any());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "arrive radius too small | {\"arriveRadiusMeters\":5}                           | arriveRadiusMeters",
                "dwell too long          | {\"dwellSeconds\":601}                               | dwellSeconds",
                "exit radius too large   | {\"exitRadiusMeters\":2001}                          | exitRadiusMeters",
                "exit inside arrive      | {\"arriveRadiusMeters\":100,\"exitRadiusMeters\":80} | exitRadiusMeters",
                "negative approach ETA   | {\"approachEtaSeconds\":-1}                          | approachEtaSeconds",
                "far approach distance   | {\"approachDistanceMeters\":20001}                   | approachDistanceMeters"
        })
        void shouldAnswer400NamingTheTripParameterAndTheRangeRule(String name, String tripParameters, String field)
                throws Exception {
            register(body("ASSIGNED", 52.5, tripParameters), dispatch)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/validation"))
                    .andExpect(jsonPath("$.errors[0].field").value("tripParameters." + field))
                    .andExpect(jsonPath("$.errors[0].rule").value("range"));
            then(service).should(never()).put(anyString(), any());
        }

        @Test
        void shouldAnswer400NamingATripParameterOfTheWrongType() throws Exception {
            register(body("ASSIGNED", 52.5, "{\"dwellSeconds\":\"soon\"}"), dispatch)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("tripParameters.dwellSeconds"))
                    .andExpect(jsonPath("$.errors[0].rule").value("type"));
        }

        @Test
        void shouldPassTheTripParametersOnAsTheOrdersOverrides() throws Exception {
            given(service.put(eq(orderId), any())).willReturn(new OrderService.PutResult(order(OrderStatus.ASSIGNED),
                    true));

            register(body("ASSIGNED", 52.5, "{\"arriveRadiusMeters\":80,\"exitRadiusMeters\":200}"), dispatch)
                    .andExpect(status().isCreated());

            ArgumentCaptor<OrderRequest> request = ArgumentCaptor.forClass(OrderRequest.class);
            then(service).should().put(eq(orderId), request.capture());
            assertThat(request.getValue().toOrder(orderId, NOW).tripParameters())
                    .isEqualTo(new TripParameterOverrides(80.0, null, 200.0, null, null));
        }

        @Test
        void shouldAnswer403WhenACustomerRegistersAnOrder() throws Exception {
            register(body("ASSIGNED", 52.5), bearer(customerId, "customer"))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON));
            then(service).should(never()).put(anyString(), any());
        }

        @Test
        void shouldAnswer409WhenAFinalOrderWouldChange() throws Exception {
            given(service.put(eq(orderId), any())).willThrow(ApiProblem.conflict("The order is DELIVERED."));

            register(body("ASSIGNED", 52.5), dispatch)
                    .andExpect(status().isConflict())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/conflict"));
        }

        private ResultActions register(String body, String authorization) throws Exception {
            return mvc.perform(put("/api/v1/orders/{id}", orderId).header(HttpHeaders.AUTHORIZATION, authorization)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body));
        }

        private String body(String status, double pickupLatitude) {
            return body(status, pickupLatitude, "null");
        }

        private String body(String status, double pickupLatitude, String tripParameters) {
            return """
                    {"driverId":"%s","customerId":"%s","restaurantId":"%s",
                     "pickup":{"latitude":%s,"longitude":13.4},"dropoff":{"latitude":52.51,"longitude":13.4},
                     "status":"%s","tripParameters":%s}""".formatted(driverId, customerId, restaurantId,
                    pickupLatitude, status, tripParameters);
        }
    }

    @Nested
    class Tracking {

        @Test
        void shouldAnswer200WithTheDriversPositionAndDistancesToItsCustomer() throws Exception {
            given(orders.find(orderId)).willReturn(Optional.of(order(OrderStatus.ASSIGNED)));
            given(locations.find(driverId)).willReturn(Optional.of(
                    new DriverLocation(driverId, 52.5, 13.4, NOW.minusSeconds(2), null, null, null)));

            track(bearer(customerId, "customer"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.orderId").value(orderId))
                    .andExpect(jsonPath("$.status").value("ASSIGNED"))
                    .andExpect(jsonPath("$.driver.driverId").value(driverId))
                    .andExpect(jsonPath("$.driver.ageSeconds").value(2))
                    .andExpect(jsonPath("$.distanceToPickupMeters").value(0.0))
                    .andExpect(jsonPath("$.distanceToDropoffMeters").isNumber());
        }

        @Test
        void shouldShowTheEtaAndTheTripEventsWithoutAnyPosition() throws Exception {
            given(orders.find(orderId)).willReturn(Optional.of(order(OrderStatus.ASSIGNED)));
            given(locations.find(driverId)).willReturn(Optional.empty());
            TripEventView arrived = new TripEventView(orderId + "/ARRIVED_AT_PICKUP/1",
                    TripEventType.ARRIVED_AT_PICKUP, Stop.PICKUP, NOW.minusSeconds(30), NOW.minusSeconds(28),
                    driverId, new TripEvidence(List.of(new PingRef(driverId, NOW.minusSeconds(30), 3, 1234)), 12.5,
                            8.0, 21.0, null));
            given(trips.of(any(), any())).willReturn(new OrderTrips.Trip(
                    new EtaView(Stop.DROPOFF, 240, NOW.plusSeconds(240)), List.of(arrived)));

            track(bearer(customerId, "customer"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.eta.stop").value("DROPOFF"))
                    .andExpect(jsonPath("$.eta.seconds").value(240))
                    .andExpect(jsonPath("$.events[0].type").value("ARRIVED_AT_PICKUP"))
                    .andExpect(jsonPath("$.events[0].stop").value("PICKUP"))
                    .andExpect(jsonPath("$.events[0].evidence.distanceMeters").value(12.5))
                    .andExpect(jsonPath("$.events[0].evidence.pings[0].offset").value(1234))
                    .andExpect(jsonPath("$.events[0].evidence.pings[0].recordedAt").exists())
                    .andExpect(jsonPath("$.events[0].evidence.pings[0].latitude").doesNotExist())
                    .andExpect(jsonPath("$.events[0].latitude").doesNotExist());
        }

        @Test
        void shouldAnswer200WithoutAPositionWhenNoneIsKnown() throws Exception {
            given(orders.find(orderId)).willReturn(Optional.of(order(OrderStatus.PICKED_UP)));
            given(locations.find(driverId)).willReturn(Optional.empty());

            track(bearer(restaurantId, "restaurant"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.driverId").value(driverId))
                    .andExpect(jsonPath("$.driver").doesNotExist());
        }

        @Test
        void shouldAnswer404WhenTheOrderIsUnknown() throws Exception {
            given(orders.find(orderId)).willReturn(Optional.empty());

            track(dispatch)
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/not-found"));
        }

        @Test
        void shouldAnswer404AsForAnUnknownOrderWhenACustomerAsksForAnotherCustomersOrder() throws Exception {
            given(orders.find(orderId)).willReturn(Optional.of(order(OrderStatus.ASSIGNED)));

            track(bearer("customer-" + UUID.randomUUID(), "customer"))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/not-found"));
            then(locations).should(never()).find(anyString());
        }

        @Test
        void shouldAnswer403TrackingEndedOnceTheOrderIsDelivered() throws Exception {
            given(orders.find(orderId)).willReturn(Optional.of(order(OrderStatus.DELIVERED)));

            track(bearer(customerId, "customer"))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/tracking-ended"));
            then(locations).should(never()).find(anyString());
        }

        @Test
        void shouldAnswer403WhenADriverAsksForOrderTracking() throws Exception {
            track(bearer(driverId, "driver"))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/forbidden"));
            then(orders).should(never()).find(anyString());
        }

        @Test
        void shouldAnswer400NamingFieldAndRuleWhenTheOrderIdIsMalformed() throws Exception {
            mvc.perform(get("/api/v1/orders/{id}/tracking", "x".repeat(65)).header(HttpHeaders.AUTHORIZATION, dispatch))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("orderId"))
                    .andExpect(jsonPath("$.errors[0].rule").value("pattern"));
            then(orders).should(never()).find(anyString());
        }

        private ResultActions track(String authorization) throws Exception {
            return mvc.perform(get("/api/v1/orders/{id}/tracking", orderId)
                    .header(HttpHeaders.AUTHORIZATION, authorization));
        }
    }

    private Order order(OrderStatus status) {
        return new Order(orderId, driverId, customerId, restaurantId, new Coordinates(52.5, 13.4),
                new Coordinates(52.51, 13.4), status, NOW.minusSeconds(60), null);
    }
}
