package io.tracking.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootTest(properties = "tracking.security.jwt.secret=" + BearerTokenSecurityTests.SECRET)
@AutoConfigureMockMvc
class BearerTokenSecurityTests {

    static final String SECRET = "test-secret-0123456789abcdef-0123456789";

    @Autowired
    MockMvc mvc;

    private final String driverId = "driver-" + UUID.randomUUID();

    @Test
    void shouldAuthenticateTheSubjectWithItsRoles() throws Exception {
        call(DevTokens.mint(SECRET, driverId, List.of("driver"), Duration.ofMinutes(5)))
                .andExpect(status().isOk())
                .andExpect(content().string(driverId + " [ROLE_DRIVER]"));
    }

    @Test
    void shouldGrantEachKnownRoleOnce() throws Exception {
        call(DevTokens.mint(SECRET, driverId, List.of("logistics", "driver", "admin", "driver"), Duration.ofMinutes(5)))
                .andExpect(status().isOk())
                .andExpect(content().string(driverId + " [ROLE_DRIVER, ROLE_LOGISTICS]"));
    }

    @Test
    void shouldIgnoreIssuerAndAudienceWhenNoneIsConfigured() throws Exception {
        call(DevTokens.mint(SECRET, "https://elsewhere.example", "billing-api", driverId, List.of("driver"),
                Duration.ofMinutes(5)))
                .andExpect(status().isOk());
        call(DevTokens.mint(SECRET, null, null, driverId, List.of("driver"), Duration.ofMinutes(5)))
                .andExpect(status().isOk());
    }

    @Test
    void shouldForbidCachingAndFramingTheAnswer() throws Exception {
        call(DevTokens.mint(SECRET, driverId, List.of("driver"), Duration.ofMinutes(5)))
                .andExpect(status().isOk())
                .andExpect(header().stringValues("Cache-Control", "no-store"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().doesNotExist("Pragma"))
                .andExpect(header().doesNotExist("Expires"))
                .andExpect(header().doesNotExist("X-XSS-Protection"));
    }

    @Test
    void shouldAskForATokenWhenNoneIsGiven() throws Exception {
        mvc.perform(get("/whoami"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemResponses.UNAUTHORIZED_TYPE))
                .andExpect(jsonPath("$.status").value(401));
    }

    @Test
    void shouldRefuseAnExpiredToken() throws Exception {
        String token = DevTokens.mint(SECRET, driverId, List.of("driver"),
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
        expectInvalidToken(call(token));
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherSecret() throws Exception {
        String token = DevTokens.mint("another-secret-0123456789abcdef-012345", driverId, List.of("driver"),
                Duration.ofMinutes(5));
        expectInvalidToken(call(token));
    }

    @Test
    void shouldRefuseAnUnsignedToken() throws Exception {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64("{\"sub\":\"" + driverId + "\",\"roles\":[\"driver\"],\"exp\":"
                + Instant.now().plusSeconds(300).getEpochSecond() + "}");
        expectInvalidToken(call(header + "." + payload + "."));
    }

    @Test
    void shouldRefuseATokenWithoutExpiry() throws Exception {
        String valid = DevTokens.mint(SECRET, driverId, List.of("driver"), Duration.ofMinutes(5));
        String[] parts = valid.split("\\.");
        String forgedPayload = base64("{\"sub\":\"" + driverId + "\",\"roles\":[\"driver\"]}");
        expectInvalidToken(call(parts[0] + "." + forgedPayload + "." + parts[2]));
    }

    @Test
    void shouldRefuseGarbage() throws Exception {
        expectInvalidToken(call("not-a-token"));
    }

    @Test
    void shouldForbidATokenWithoutTheNeededRole() throws Exception {
        call(DevTokens.mint(SECRET, "customer-1", List.of("customer", "admin"), Duration.ofMinutes(5)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemResponses.FORBIDDEN_TYPE));
    }

    @Test
    void shouldRefuseToStartWithAShortSecret() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JwtSecurityAutoConfiguration.class))
                .withPropertyValues("tracking.security.jwt.secret=too-short")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void shouldRefuseToStartWithAJwksUriButNoIssuerOrAudienceNamingTheVariables() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JwtSecurityAutoConfiguration.class))
                .withPropertyValues("tracking.security.jwt.jwks-uri=https://idp.example/jwks.json",
                        // what ${TRACKING_JWT_ISSUER:} gives when the variable is unset
                        "tracking.security.jwt.issuer=", "tracking.security.jwt.audience=");
        for (String[] settings : List.of(new String[0],
                new String[] {"tracking.security.jwt.issuer=https://idp.example"},
                new String[] {"tracking.security.jwt.audience=tracking-api"},
                new String[] {"tracking.security.jwt.issuer= ", "tracking.security.jwt.audience=tracking-api"})) {
            runner.withPropertyValues(settings).run(context -> assertThat(context).hasFailed()
                    .getFailure().rootCause()
                    .hasMessageContaining("TRACKING_JWT_ISSUER")
                    .hasMessageContaining("TRACKING_JWT_AUDIENCE"));
        }
        runner.withPropertyValues("tracking.security.jwt.issuer=https://idp.example",
                        "tracking.security.jwt.audience=tracking-api")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
    }

    @Test
    void shouldRefuseToStartWithoutAnyKey() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JwtSecurityAutoConfiguration.class))
                .run(context -> assertThat(context).hasFailed());
    }

    private ResultActions call(String token) throws Exception {
        return mvc.perform(get("/whoami").header("Authorization", "Bearer " + token));
    }

    private static void expectInvalidToken(ResultActions result) throws Exception {
        result.andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @SpringBootApplication
    static class TestApp {

        @Bean
        SecurityFilterChain api(HttpSecurity http, BearerTokenSecurity bearer) throws Exception {
            return bearer.apply(http)
                    .authorizeHttpRequests(auth -> auth.anyRequest().hasRole("DRIVER"))
                    .build();
        }

        @RestController
        static class WhoAmI {
            @GetMapping("/whoami")
            String whoami(Authentication authentication) {
                return authentication.getName() + " " + authentication.getAuthorities();
            }
        }
    }
}
