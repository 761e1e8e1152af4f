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
 */
@ConfigurationProperties("tracking.security.jwt")
public record JwtProperties(@Nullable String secret, @Nullable URI jwksUri, @DefaultValue("30s") Duration clockSkew) {

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
