package io.tracking.auth;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** With a shared secret, issuer and audience are optional, but checked as strictly as with a JWKS once set. */
@SpringBootTest(classes = BearerTokenSecurityTests.TestApp.class, properties = {
        "tracking.security.jwt.secret=" + BearerTokenSecurityTests.SECRET,
        "tracking.security.jwt.issuer=" + SharedSecretIssuerAudienceTests.ISSUER,
        "tracking.security.jwt.audience=" + SharedSecretIssuerAudienceTests.AUDIENCE })
@AutoConfigureMockMvc
class SharedSecretIssuerAudienceTests {

    static final String ISSUER = "https://tokens.tracking.example";
    static final String AUDIENCE = "tracking-api";

    @Autowired
    MockMvc mvc;

    private final String driverId = "driver-" + UUID.randomUUID();

    @Test
    void shouldAcceptATokenOfTheConfiguredIssuerForThisAudience() throws Exception {
        call(ISSUER, AUDIENCE).andExpect(status().isOk()).andExpect(content().string(driverId + " [ROLE_DRIVER]"));
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuer() throws Exception {
        expectInvalidToken(call("https://elsewhere.example", AUDIENCE));
    }

    @Test
    void shouldRefuseATokenWithoutIssuer() throws Exception {
        expectInvalidToken(call(null, AUDIENCE));
    }

    @Test
    void shouldRefuseATokenWithoutAudience() throws Exception {
        expectInvalidToken(call(ISSUER, null));
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() throws Exception {
        expectInvalidToken(call(ISSUER, "billing-api"));
    }

    private ResultActions call(@Nullable String issuer, @Nullable String audience) throws Exception {
        String token = DevTokens.mint(BearerTokenSecurityTests.SECRET, issuer, audience, driverId, List.of("driver"),
                Duration.ofMinutes(5));
        return mvc.perform(get("/whoami").header("Authorization", "Bearer " + token));
    }

    private static void expectInvalidToken(ResultActions result) throws Exception {
        result.andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
