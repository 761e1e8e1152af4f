package io.tracking.query.nearby;

import static io.tracking.query.system.ApiSliceConfiguration.NOW;
import static io.tracking.query.system.ApiSliceConfiguration.bearer;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.tracking.query.system.ApiSliceConfiguration;

/**
 * The status mapping of {@link NearbyController}, with the real problem handler and security chain and the
 * repository mocked. What PostgreSQL answers is proven by {@code NearbyIT}.
 */
@WebMvcTest(controllers = NearbyController.class,
        properties = "tracking.security.jwt.secret=" + ApiSliceConfiguration.SECRET)
@Import(ApiSliceConfiguration.class)
class NearbyControllerTests {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    NearbyRepository nearby;

    private final String logistics = bearer("ops-" + UUID.randomUUID(), "logistics");

    @Test
    void shouldAnswer200WithFreshDriversUsingTheDefaults() throws Exception {
        String driverId = "driver-" + UUID.randomUUID();
        // defaults: 5 km, 20 drivers, fixes of the last 2 minutes
        given(nearby.find(12.97, 77.59, 5000, NOW.minus(Duration.ofMinutes(2)), 20, NOW)).willReturn(List.of(
                new NearbyDriver(driverId, 12.971, 77.591, NOW.minusSeconds(4), 4, 150.2, null, null, null)));

        mvc.perform(get("/api/v1/drivers/nearby").param("lat", "12.97").param("lon", "77.59")
                .header(HttpHeaders.AUTHORIZATION, logistics))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.drivers.length()").value(1))
                .andExpect(jsonPath("$.drivers[0].driverId").value(driverId))
                .andExpect(jsonPath("$.drivers[0].distanceMeters").value(150.2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "latitude over 90,        91,  0,   1000,   10,  lat,          range",
            "longitude under -180,    0,   -181, 1000,  10,  lon,          range",
            "radius 0,                0,   0,   0,      10,  radiusMeters, range",
            "radius over the max,     0,   0,   50001,  10,  radiusMeters, range",
            "limit over the max,      0,   0,   1000,   101, limit,        range",
            "latitude not a number,   abc, 0,   1000,   10,  lat,          type"
    })
    void shouldAnswer400NamingFieldAndRule(String name, String lat, String lon, String radius, String limit,
            String field, String rule) throws Exception {
        mvc.perform(get("/api/v1/drivers/nearby").param("lat", lat).param("lon", lon)
                .param("radiusMeters", radius).param("limit", limit)
                .header(HttpHeaders.AUTHORIZATION, logistics))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://tracking.example/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].rule").value(rule));
        then(nearby).should(never()).find(anyDouble(), anyDouble(), anyDouble(), any(), anyInt(), any());
    }

    @Test
    void shouldAnswer400NamingTheMissingParameter() throws Exception {
        mvc.perform(get("/api/v1/drivers/nearby").param("lat", "12.97")
                .header(HttpHeaders.AUTHORIZATION, logistics))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lon"))
                .andExpect(jsonPath("$.errors[0].rule").value("required"));
    }

    @Test
    void shouldAnswer403WhenACustomerAsksForFleetData() throws Exception {
        mvc.perform(get("/api/v1/drivers/nearby").param("lat", "12.97").param("lon", "77.59")
                .header(HttpHeaders.AUTHORIZATION, bearer("customer-" + UUID.randomUUID(), "customer")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://tracking.example/problems/forbidden"));
        then(nearby).should(never()).find(anyDouble(), anyDouble(), anyDouble(), any(), anyInt(), eq(NOW));
    }
}
