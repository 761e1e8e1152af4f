package io.tracking.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token verification settings, under {@code tracking.security.jwt}.
 *
 * @param secret HS256 shared secret, at least 32 bytes (env {@code TRACKING_JWT_SECRET}); ignored when
 *        {@code jwksUri} is set
 * @param jwksUri where RS256 public keys are published (env {@code TRACKING_JWT_JWKS_URI}); preferred in production
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param tokenCache verified tokens kept so that a client sending the same token many times a second pays for
 *        its verification once (see {@link CachingJwtDecoder})
 */
@ConfigurationProperties("tracking.security.jwt")
public record JwtProperties(@Nullable String secret, @Nullable URI jwksUri, @DefaultValue("30s") Duration clockSkew,
        @DefaultValue TokenCache tokenCache) {

    /**
     * @param maxEntries verified tokens kept at most (env {@code TRACKING_TOKEN_CACHE_SIZE}); 0 turns the cache off
     * @param ttl how long a verified token is served from the cache at most (never past its {@code exp}), so that a
     *        key removed from the JWKS stops being honoured within this time
     */
    public record TokenCache(@DefaultValue("10000") int maxEntries, @DefaultValue("5m") Duration ttl) {

        public TokenCache {
            if (maxEntries < 0 || maxEntries > 1_000_000) {
                throw new IllegalArgumentException(
                        "tracking.security.jwt.token-cache.max-entries must be between 0 and 1000000");
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("tracking.security.jwt.token-cache.ttl must be positive");
            }
        }
    }


    static final int MIN_SECRET_BYTES = 32;

    public JwtProperties {
        boolean hasJwks = jwksUri != null && !jwksUri.toString().isBlank();
        if (!hasJwks) {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException(
                        "tracking.security.jwt: set secret (TRACKING_JWT_SECRET) or jwks-uri (TRACKING_JWT_JWKS_URI)");
            }
            if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(
                        "tracking.security.jwt.secret must be at least " + MIN_SECRET_BYTES + " bytes");
            }
        }
    }

    boolean usesJwks() {
        return jwksUri != null && !jwksUri.toString().isBlank();
    }
}
