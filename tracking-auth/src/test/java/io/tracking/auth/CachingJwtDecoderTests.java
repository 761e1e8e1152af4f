package io.tracking.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTests {

    private final Instant now = Instant.parse("2025-01-01T12:00:00Z");
    private final AtomicInteger verifications = new AtomicInteger();

    private JwtDecoder verifier(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("bad");
            }
            return Jwt.withTokenValue(token).header("alg", "HS256").subject("s").issuedAt(now.minusSeconds(1))
                    .expiresAt(expiresAt).build();
        };
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void shouldVerifyATokenOnceWhileItIsValid() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(now.plusSeconds(600)), 10, Duration.ofMinutes(5),
                at(now));

        decoder.decode("t1");
        decoder.decode("t1");
        decoder.decode("t1");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void shouldVerifyAgainOnceTheTokenExpired() {
        Instant expiry = now.plusSeconds(60);
        MutableClock clock = new MutableClock(now);
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(expiry), 10, Duration.ofMinutes(5), clock);
        decoder.decode("t1");
        clock.instant = expiry;
        decoder.decode("t1");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldVerifyAgainAfterTheTtl() {
        MutableClock clock = new MutableClock(now);
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(now.plusSeconds(3600)), 10, Duration.ofMinutes(5),
                clock);
        decoder.decode("t1");
        clock.instant = now.plus(Duration.ofMinutes(5));
        decoder.decode("t1");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldNeverRememberARejectedToken() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(now.plusSeconds(600)), 10, Duration.ofMinutes(5),
                at(now));

        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldStayBounded() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(now.plusSeconds(600)), 2, Duration.ofMinutes(5),
                at(now));
        decoder.decode("t1");
        decoder.decode("t2");
        decoder.decode("t3");
        decoder.decode("t3");

        assertThat(verifications).hasValue(3);
        decoder.decode("t1");
        assertThat(verifications).hasValue(4);
    }

    private static final class MutableClock extends Clock {

        private Instant instant;

        MutableClock(Instant instant) {
            this.instant = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return instant;
        }
    }
}
