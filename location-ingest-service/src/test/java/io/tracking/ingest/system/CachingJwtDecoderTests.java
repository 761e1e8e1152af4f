package io.tracking.ingest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTests {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();

    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("bad");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("d-1")
                .issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.plusSeconds(60)).build();
    };

    @Test
    void shouldVerifyATokenOnceWhileItIsValid() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, 10, Clock.fixed(NOW, ZoneOffset.UTC));

        decoder.decode("token-a");
        decoder.decode("token-a");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void shouldVerifyAgainOnceTheCachedTokenExpired() {
        CachingJwtDecoder first = new CachingJwtDecoder(verifier, 10, Clock.fixed(NOW, ZoneOffset.UTC));
        first.decode("token-a");
        CachingJwtDecoder later = new CachingJwtDecoder(token -> first.decode(token), 10,
                Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));

        later.decode("token-a");
        later.decode("token-a");

        // the outer decoder never trusts its cached copy past exp; the inner one is still at NOW
        assertThat(verifications).hasValue(1);
        CachingJwtDecoder expired = new CachingJwtDecoder(verifier, 10,
                Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
        expired.decode("token-b");
        expired.decode("token-b");
        assertThat(verifications).hasValue(3);
    }

    @Test
    void shouldNeverCacheARefusedToken() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, 10, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("bad-1"));
        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("bad-1"));

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldStayWithinItsBound() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, 2, Clock.fixed(NOW, ZoneOffset.UTC));

        decoder.decode("t1");
        decoder.decode("t2");
        decoder.decode("t3");
        decoder.decode("t1");

        assertThat(verifications).hasValue(4);
    }
}
