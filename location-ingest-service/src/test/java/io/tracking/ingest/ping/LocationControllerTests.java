package io.tracking.ingest.ping;

import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.auth.DevTokens;
import io.tracking.auth.JwtSecurityAutoConfiguration;
import io.tracking.ingest.publish.LocationPublisher;
import io.tracking.ingest.system.Problems;

/**
 * The status mapping of {@link LocationController}, with the service's real body reader, validator, problem
 * handler and security chain, and Kafka replaced by a mocked {@link LocationPublisher}. What Kafka really does
 * with the pings is proven by the {@code *IT}s.
 */
@WebMvcTest(controllers = LocationController.class,
        properties = "tracking.security.jwt.secret=" + LocationControllerTests.SECRET)
@ImportAutoConfiguration(JwtSecurityAutoConfiguration.class)
@Import({ PingConfiguration.class, LocationControllerTests.Collaborators.class })
class LocationControllerTests {

    static final String SECRET = "slice-test-secret-0123456789abcdef-0123";

    private static final String PING = "/api/v1/locations";
    private static final String BATCH = "/api/v1/locations/batch";
    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LocationPublisher publisher;

    private final String driverId = "driver-" + UUID.randomUUID();
    private final String token = DevTokens.mint(SECRET, driverId, List.of("driver"), Duration.ofMinutes(5));

    /**
     * What the slice leaves out: the security chain (package-private elsewhere) and a meter registry. Imported, not
     * a nested {@code @Configuration}, so that the {@code @Nested} classes do not pick it up as their own.
     */
    @ComponentScan(basePackageClasses = Problems.class, useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*\\.SecurityConfiguration"))
    static class Collaborators {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Nested
    class OnePing {

        @Test
        void shouldAnswer202OnceKafkaAcknowledged() throws Exception {
            kafkaAcknowledges();
            Instant recordedAt = recently(3);

            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(ping(driverId, 52.52, 13.40, recordedAt)))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.status").value("accepted"))
                    .andExpect(jsonPath("$.driverId").value(driverId))
                    .andExpect(jsonPath("$.recordedAt").value(recordedAt.toString()));
            then(publisher).should().publish(anyList());
        }

        @Test
        void shouldAnswer400NamingFieldAndRuleWhenAPingBreaksARule() throws Exception {
            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(ping(driverId, 91, 13.40, recently(3))))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.VALIDATION.toString()))
                    .andExpect(jsonPath("$.errors[0].field").value("latitude"))
                    .andExpect(jsonPath("$.errors[0].rule").value("range"))
                    .andExpect(jsonPath("$.errors.length()").value(1));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer400NamingFieldAndRuleWhenTheBodyIsNotAPing() throws Exception {
            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("[]"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("$"))
                    .andExpect(jsonPath("$.errors[0].rule").value("type"));
        }

        @Test
        void shouldAnswer403WhenADriverPostsForAnotherDriver() throws Exception {
            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(ping("driver-" + UUID.randomUUID(), 52.52, 13.40, recently(3))))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.FORBIDDEN.toString()));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer403WhenTheCallerIsNotADriver() throws Exception {
            String customer = DevTokens.mint(SECRET, driverId, List.of("customer"), Duration.ofMinutes(5));

            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(customer))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(ping(driverId, 52.52, 13.40, recently(3))))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer401WithoutAToken() throws Exception {
            send(post(PING).contentType(MediaType.APPLICATION_JSON)
                    .content(ping(driverId, 52.52, 13.40, recently(3))))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON));
        }

        @Test
        void shouldAnswer413WhenTheBodyIsTooLarge() throws Exception {
            String big = "{\"driverId\":\"" + driverId + "\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}";

            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(big))
                    .andExpect(status().isPayloadTooLarge())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.PAYLOAD_TOO_LARGE.toString()));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer415WhenTheBodyIsNotJson() throws Exception {
            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.TEXT_PLAIN)
                    .content(ping(driverId, 52.52, 13.40, recently(3))))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.UNSUPPORTED_MEDIA_TYPE.toString()));
        }

        @Test
        void shouldAnswer503WithRetryAfterWhenKafkaDoesNotAcknowledge() throws Exception {
            kafkaFails();

            send(post(PING).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(ping(driverId, 52.52, 13.40, recently(3))))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.UNAVAILABLE.toString()));
        }
    }

    @Nested
    class Batch {

        @Test
        void shouldAnswer202WhenAllPingsAreValid() throws Exception {
            kafkaAcknowledges();

            send(batch(ping(driverId, 1, 1, recently(5)), ping(driverId, 2, 2, recently(4))))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.accepted").value(2))
                    .andExpect(jsonPath("$.rejected").value(0))
                    .andExpect(jsonPath("$.results[1].status").value("accepted"));
        }

        @Test
        void shouldAnswer207WhenSomePingsAreInvalid() throws Exception {
            kafkaAcknowledges();

            send(batch(ping(driverId, 1, 1, recently(5)), ping(driverId, 1, 181, recently(4))))
                    .andExpect(status().isMultiStatus())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.accepted").value(1))
                    .andExpect(jsonPath("$.rejected").value(1))
                    .andExpect(jsonPath("$.results[0].status").value("accepted"))
                    .andExpect(jsonPath("$.results[1].status").value("rejected"))
                    .andExpect(jsonPath("$.results[1].errors[0].field").value("longitude"))
                    .andExpect(jsonPath("$.results[1].errors[0].rule").value("range"));
            then(publisher).should().publish(anyList());
        }

        @Test
        void shouldAnswer400NamingEachItemsFieldAndRuleWhenNoPingIsValid() throws Exception {
            send(batch(ping(driverId, 91, 1, recently(5)), ping(driverId, 1, 181, recently(4))))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.VALIDATION.toString()))
                    .andExpect(jsonPath("$.errors[0].field").value("pings[0].latitude"))
                    .andExpect(jsonPath("$.errors[0].rule").value("range"))
                    .andExpect(jsonPath("$.errors[1].field").value("pings[1].longitude"))
                    .andExpect(jsonPath("$.results[1].status").value("rejected"));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer400NamingTheSizeRuleWhenTheBatchHasTooManyPings() throws Exception {
            String[] pings = IntStream.range(0, 501).mapToObj(i -> ping(driverId, 1, 1, recently(5)))
                    .toArray(String[]::new);

            send(batch(pings))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("pings"))
                    .andExpect(jsonPath("$.errors[0].rule").value("size"));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer403ForTheWholeBatchWhenOnePingNamesAnotherDriver() throws Exception {
            send(batch(ping(driverId, 1, 1, recently(5)), ping("driver-" + UUID.randomUUID(), 1, 1, recently(4))))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.FORBIDDEN.toString()))
                    .andExpect(jsonPath("$.detail").value(startsWith("pings[1]")));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer413WhenTheBodyIsTooLarge() throws Exception {
            // 1 MiB of valid pings: the size limit applies before any ping is read or counted
            String one = ping(driverId, 1, 1, recently(5));
            String[] pings = IntStream.range(0, 1_100_000 / one.length() + 1).mapToObj(i -> one)
                    .toArray(String[]::new);

            send(batch(pings))
                    .andExpect(status().isPayloadTooLarge())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.PAYLOAD_TOO_LARGE.toString()));
            then(publisher).should(never()).publish(anyList());
        }

        @Test
        void shouldAnswer415WhenTheBodyIsNotJson() throws Exception {
            send(post(BATCH).header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_XML)
                    .content("<pings/>"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON));
        }

        @Test
        void shouldAnswer503WithRetryAfterWhenKafkaDoesNotAcknowledge() throws Exception {
            kafkaFails();

            send(batch(ping(driverId, 1, 1, recently(5)), ping(driverId, 1, 181, recently(4))))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(Problems.UNAVAILABLE.toString()));
        }
    }

    /** Performs the request, and the async dispatch that writes the answer once the controller's future is done. */
    private ResultActions send(MockHttpServletRequestBuilder request) throws Exception {
        ResultActions first = mvc.perform(request);
        MvcResult started = first.andReturn();
        if (!started.getRequest().isAsyncStarted()) {
            return first;
        }
        started.getAsyncResult(Duration.ofSeconds(5).toMillis());
        return mvc.perform(asyncDispatch(started));
    }

    private MockHttpServletRequestBuilder batch(String... pings) {
        return post(BATCH).header(HttpHeaders.AUTHORIZATION, bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .content(Arrays.stream(pings).collect(Collectors.joining(",", "{\"pings\":[", "]}")));
    }

    private void kafkaAcknowledges() {
        given(publisher.publish(anyList())).willReturn(CompletableFuture.completedFuture(null));
    }

    private void kafkaFails() {
        given(publisher.publish(anyList())).willReturn(CompletableFuture.failedFuture(new TimeoutException()));
    }

    private static String ping(String driverId, double latitude, double longitude, Instant recordedAt) {
        return """
                {"driverId":"%s","latitude":%s,"longitude":%s,"recordedAt":"%s"}"""
                .formatted(driverId, latitude, longitude, recordedAt);
    }

    private static Instant recently(int secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(secondsAgo);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
