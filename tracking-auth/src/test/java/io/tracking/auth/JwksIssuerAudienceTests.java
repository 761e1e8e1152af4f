package io.tracking.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Production mode: RS256 keys from a JWKS URI (served here by a local HTTP server, as an identity provider would).
 * The provider signs tokens for other applications with the same keys, so only the issuer and audience tell a
 * token for this suite from one for any other application.
 */
@SpringBootTest(classes = BearerTokenSecurityTests.TestApp.class)
@AutoConfigureMockMvc
class JwksIssuerAudienceTests {

    private static final String ISSUER = "https://idp.example/realms/tracking";
    private static final String AUDIENCE = "tracking-api";

    /** Both keys carry the published key id, so that the unknown one fails on its signature. */
    private static final String KEY_ID = "key-1";
    private static final KeyPair PROVIDER_KEY = rsaKeyPair();
    private static final KeyPair UNKNOWN_KEY = rsaKeyPair();
    private static final HttpServer JWKS_SERVER = serveJwks();

    @Autowired
    MockMvc mvc;

    private final String driverId = "driver-" + UUID.randomUUID();

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) {
        registry.add("tracking.security.jwt.jwks-uri",
                () -> "http://127.0.0.1:" + JWKS_SERVER.getAddress().getPort() + "/jwks.json");
        registry.add("tracking.security.jwt.issuer", () -> ISSUER);
        registry.add("tracking.security.jwt.audience", () -> AUDIENCE);
    }

    @AfterAll
    static void stopJwksServer() {
        JWKS_SERVER.stop(0);
    }

    @Test
    void shouldAcceptATokenOfTheConfiguredIssuerForThisAudience() throws Exception {
        mvc.perform(get("/whoami").header("Authorization", "Bearer " + token(PROVIDER_KEY, ISSUER, List.of(AUDIENCE))))
                .andExpect(status().isOk())
                .andExpect(content().string(driverId + " [ROLE_DRIVER]"));
    }

    @Test
    void shouldAcceptATokenWhoseAudiencesIncludeThisOne() throws Exception {
        mvc.perform(get("/whoami").header("Authorization",
                        "Bearer " + token(PROVIDER_KEY, ISSUER, List.of("billing-api", AUDIENCE))))
                .andExpect(status().isOk());
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuer() throws Exception {
        expectTheSameRefusalAsABadSignature(token(PROVIDER_KEY, "https://idp.example/realms/other", List.of(AUDIENCE)));
    }

    @Test
    void shouldRefuseATokenWithoutIssuer() throws Exception {
        expectTheSameRefusalAsABadSignature(token(PROVIDER_KEY, null, List.of(AUDIENCE)));
    }

    @Test
    void shouldRefuseATokenWithoutAudience() throws Exception {
        expectTheSameRefusalAsABadSignature(token(PROVIDER_KEY, ISSUER, List.of()));
    }

    @Test
    void shouldRefuseATokenForAnotherApplication() throws Exception {
        expectTheSameRefusalAsABadSignature(token(PROVIDER_KEY, ISSUER, List.of("billing-api")));
    }

    @Test
    void shouldRefuseAnHs256TokenEvenWithTheRightIssuerAndAudience() throws Exception {
        String token = DevTokens.mint(DevTokens.DEVELOPMENT_SECRET, ISSUER, AUDIENCE, driverId, List.of("driver"),
                Duration.ofMinutes(5));
        expectTheSameRefusalAsABadSignature(token);
    }

    /** The answer names neither the claim nor the reason: it is the one every invalid token gets. */
    private void expectTheSameRefusalAsABadSignature(String token) throws Exception {
        MvcResult refused = call(token);
        MvcResult badSignature = call(token(UNKNOWN_KEY, ISSUER, List.of(AUDIENCE)));

        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(refused.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(refused.getResponse().getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(refused.getResponse().getContentAsString())
                .isEqualTo(badSignature.getResponse().getContentAsString());
    }

    private MvcResult call(String token) throws Exception {
        return mvc.perform(get("/whoami").header("Authorization", "Bearer " + token))
                .andExpect(header().exists("WWW-Authenticate"))
                .andReturn();
    }

    private String token(KeyPair key, @Nullable String issuer, List<String> audiences) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(driverId)
                .claim("roles", List.of("driver"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (!audiences.isEmpty()) {
            claims.audience(audiences);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(),
                claims.build());
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serveJwks() {
        byte[] jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) PROVIDER_KEY.getPublic()).keyID(KEY_ID).build())
                .toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
