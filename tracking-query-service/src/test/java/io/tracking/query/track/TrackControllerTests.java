package io.tracking.query.track;

import static io.tracking.query.system.ApiSliceConfiguration.NOW;
import static io.tracking.query.system.ApiSliceConfiguration.bearer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.tracking.query.location.DriverLocation;
import io.tracking.query.system.ApiSliceConfiguration;

/**
 * The status mapping of {@link TrackController}, with the real problem handler and security chain and the
 * repository mocked. What PostgreSQL answers is proven by {@code TrackIT}.
 */
@WebMvcTest(controllers = TrackController.class,
        properties = "tracking.security.jwt.secret=" + ApiSliceConfiguration.SECRET)
@Import(ApiSliceConfiguration.class)
class TrackControllerTests {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TrackRepository tracks;

    private final String driverId = "driver-" + UUID.randomUUID();
    private final String dispatch = bearer("ops-" + UUID.randomUUID(), "dispatch");
    private final Instant from = NOW.minus(Duration.ofHours(1));

    @Test
    void shouldAnswer200WithThePathAndTellWhenItWasTruncated() throws Exception {
        given(tracks.between(driverId, from, NOW, 3)).willReturn(List.of(
                new DriverLocation(driverId, 1, 1, from.plusSeconds(1), null, null, null),
                new DriverLocation(driverId, 2, 2, from.plusSeconds(2), 4.5, null, null),
                new DriverLocation(driverId, 3, 3, from.plusSeconds(3), null, null, null)));

        track(from.toString(), NOW.toString(), "2", dispatch)
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.driverId").value(driverId))
                .andExpect(jsonPath("$.points.length()").value(2))
                .andExpect(jsonPath("$.points[1].latitude").value(2.0))
                .andExpect(jsonPath("$.points[1].accuracyMeters").value(4.5))
                .andExpect(jsonPath("$.truncated").value(true));
    }

    @Test
    void shouldAnswer200WithAnEmptyPathForADriverWithoutPositions() throws Exception {
        given(tracks.between(anyString(), any(), any(), anyInt())).willReturn(List.of());

        track(from.toString(), NOW.toString(), null, dispatch)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.length()").value(0))
                .andExpect(jsonPath("$.truncated").value(false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "from after to,         2026-11-28T06:00:00Z, 2026-11-28T05:00:00Z, 10,    from,  order",
            "window over 24 h,      2026-11-27T05:00:00Z, 2026-11-28T06:00:00Z, 10,    to,    window",
            "limit 0,               2026-11-28T05:00:00Z, 2026-11-28T06:00:00Z, 0,     limit, range",
            "limit over the max,    2026-11-28T05:00:00Z, 2026-11-28T06:00:00Z, 10001, limit, range",
            "from not an instant,   yesterday,            2026-11-28T06:00:00Z, 10,    from,  type",
            "from before the range, 1900-01-01T00:00:00Z, 1900-01-01T01:00:00Z, 10,    from,  range"
    })
    void shouldAnswer400NamingFieldAndRule(String name, String from, String to, String limit, String field,
            String rule) throws Exception {
        track(from, to, limit, dispatch)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://tracking.example/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].rule").value(rule));
        then(tracks).should(never()).between(anyString(), any(), any(), anyInt());
    }

    @Test
    void shouldAnswer400NamingTheMissingParameter() throws Exception {
        mvc.perform(get("/api/v1/drivers/{id}/track", driverId).param("from", from.toString())
                .header(HttpHeaders.AUTHORIZATION, dispatch))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("to"))
                .andExpect(jsonPath("$.errors[0].rule").value("required"));
    }

    @Test
    void shouldAnswer403WhenACustomerAsksForFleetData() throws Exception {
        track(from.toString(), NOW.toString(), null, bearer("customer-" + UUID.randomUUID(), "customer"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://tracking.example/problems/forbidden"));
        then(tracks).should(never()).between(anyString(), any(), any(), anyInt());
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheDatabaseIsUnreachable() throws Exception {
        given(tracks.between(anyString(), any(), any(), anyInt()))
                .willThrow(new DataAccessResourceFailureException("connection refused"));

        track(from.toString(), NOW.toString(), null, dispatch)
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
                .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                .andExpect(content().string(not(containsString("connection refused"))));
    }

    private ResultActions track(String from, String to, @Nullable String limit, String authorization) throws Exception {
        var request = get("/api/v1/drivers/{id}/track", driverId).param("from", from).param("to", to)
                .header(HttpHeaders.AUTHORIZATION, authorization);
        return mvc.perform(limit == null ? request : request.param("limit", limit));
    }
}
