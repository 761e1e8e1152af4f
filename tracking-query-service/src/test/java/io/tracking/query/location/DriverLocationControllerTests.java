package io.tracking.query.location;

import static io.tracking.query.system.ApiSliceConfiguration.NOW;
import static io.tracking.query.system.ApiSliceConfiguration.bearer;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.tracking.query.system.ApiSliceConfiguration;

/**
 * The status mapping of {@link DriverLocationController}, with the real problem handler and security chain and
 * {@link LatestLocations} mocked. What PostgreSQL and the cache answer is proven by the {@code *IT}s.
 */
@WebMvcTest(controllers = DriverLocationController.class,
        properties = "tracking.security.jwt.secret=" + ApiSliceConfiguration.SECRET)
@Import(ApiSliceConfiguration.class)
class DriverLocationControllerTests {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LatestLocations locations;

    private final String driverId = "driver-" + UUID.randomUUID();
    private final String logistics = bearer("ops-" + UUID.randomUUID(), "logistics");

    @Nested
    class Latest {

        @Test
        void shouldAnswer200WithThePositionAndItsAge() throws Exception {
            given(locations.find(driverId)).willReturn(Optional.of(
                    new DriverLocation(driverId, 12.9716, 77.5946, NOW.minusSeconds(7), null, 8.5, null)));

            mvc.perform(get("/api/v1/drivers/{id}/location", driverId).header(HttpHeaders.AUTHORIZATION, logistics))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.driverId").value(driverId))
                    .andExpect(jsonPath("$.latitude").value(12.9716))
                    .andExpect(jsonPath("$.ageSeconds").value(7))
                    .andExpect(jsonPath("$.speedMps").value(8.5))
                    .andExpect(jsonPath("$.accuracyMeters").doesNotExist());
        }

        @Test
        void shouldAnswer404WhenNoPositionIsKnown() throws Exception {
            given(locations.find(driverId)).willReturn(Optional.empty());

            mvc.perform(get("/api/v1/drivers/{id}/location", driverId).header(HttpHeaders.AUTHORIZATION, logistics))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/not-found"));
        }

        @Test
        void shouldAnswer400NamingFieldAndRuleWhenTheDriverIdIsMalformed() throws Exception {
            mvc.perform(get("/api/v1/drivers/{id}/location", "no spaces allowed")
                    .header(HttpHeaders.AUTHORIZATION, logistics))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/validation"))
                    .andExpect(jsonPath("$.violations[0].field").value("driverId"))
                    .andExpect(jsonPath("$.violations[0].rule").value("pattern"));
            then(locations).should(never()).find(anyString());
        }

        @Test
        void shouldAnswer403WhenACustomerAsksForFleetData() throws Exception {
            mvc.perform(get("/api/v1/drivers/{id}/location", driverId)
                    .header(HttpHeaders.AUTHORIZATION, bearer("customer-" + UUID.randomUUID(), "customer")))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://tracking.example/problems/forbidden"));
            then(locations).should(never()).find(anyString());
        }

        @Test
        void shouldAnswer401WithoutAToken() throws Exception {
            mvc.perform(get("/api/v1/drivers/{id}/location", driverId))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON));
        }
    }

    @Nested
    class Bulk {

        @Test
        void shouldAnswer200WithTheKnownPositionsAndTheIdsWithNone() throws Exception {
            String unknown = "driver-" + UUID.randomUUID();
            given(locations.findAll(List.of(driverId, unknown))).willReturn(List.of(
                    new DriverLocation(driverId, 1.5, 2.5, NOW.minusSeconds(3), null, null, null)));

            query("""
                    {"driverIds":["%s","%s","%s"]}""".formatted(driverId, unknown, driverId), logistics)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.locations.length()").value(1))
                    .andExpect(jsonPath("$.locations[0].driverId").value(driverId))
                    .andExpect(jsonPath("$.locations[0].ageSeconds").value(3))
                    .andExpect(jsonPath("$.notFound[0]").value(unknown))
                    .andExpect(jsonPath("$.notFound.length()").value(1));
        }

        @Test
        void shouldAnswer400NamingFieldAndRuleWhenNoDriverIsListed() throws Exception {
            query("{\"driverIds\":[]}", logistics)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.violations[0].field").value("driverIds"))
                    .andExpect(jsonPath("$.violations[0].rule").exists());
            then(locations).should(never()).findAll(anyList());
        }

        @Test
        void shouldAnswer400NamingFieldAndRuleWhenTooManyDriversAreListed() throws Exception {
            String ids = IntStream.range(0, 501).mapToObj(i -> "\"d-" + i + "\"")
                    .collect(Collectors.joining(","));

            query("{\"driverIds\":[" + ids + "]}", logistics)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.violations[0].field").value("driverIds"))
                    .andExpect(jsonPath("$.violations[0].rule").value("size"));
            then(locations).should(never()).findAll(anyList());
        }

        @Test
        void shouldAnswer403WhenACustomerAsksForFleetData() throws Exception {
            query("{\"driverIds\":[\"" + driverId + "\"]}", bearer("customer-" + UUID.randomUUID(), "customer"))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON));
            then(locations).should(never()).findAll(anyList());
        }

        private ResultActions query(String body, String authorization)
                throws Exception {
            return mvc.perform(post("/api/v1/drivers/locations/query")
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body));
        }
    }
}
