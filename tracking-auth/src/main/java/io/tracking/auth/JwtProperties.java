package io.tracking.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token verification settings, under {@code tracking.security.jwt}. Checked when bound: a service with a missing or
 * weak setting does not start, rather than accept tokens it should not.
 *
 * <p>Invariant: with a JWKS URI, {@code issuer} and {@code audience} are both set. An identity provider signs tokens
 * for every application it serves with the same keys, so the signature alone only proves "some application of this
 * provider"; the issuer and audience prove "this provider, for this suite". With a shared secret only this suite
 * holds the key, so they are optional there, and checked whenever they are set.
 *
 * @param secret HS256 shared secret, at least 32 bytes (env {@code TRACKING_JWT_SECRET}); ignored when
 *        {@code jwksUri} is set
 * @param jwksUri where RS256 public keys are published (env {@code TRACKING_JWT_JWKS_URI}); preferred in production
 * @param issuer the {@code iss} every token must carry, exactly (env {@code TRACKING_JWT_ISSUER}); required with
 *        {@code jwksUri}
 * @param audience a value the token's {@code aud} must contain (env {@code TRACKING_JWT_AUDIENCE}); required with
 *        {@code jwksUri}
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param tokenCache verified tokens kept so that a client sending the same token many times a second pays for
 *        its verification once (see {@link CachingJwtDecoder})
 */
@ConfigurationProperties("tracking.security.jwt")
public record JwtProperties(@Nullable String secret, @Nullable URI jwksUri, @Nullable String issuer,
        @Nullable String audience, @DefaultValue("30s") Duration clockSkew, @DefaultValue TokenCache tokenCache) {

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
        // ${TRACKING_JWT_ISSUER:} binds an unset variable as "": that is "not configured", not "must be empty"
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        boolean hasJwks = jwksUri != null && !jwksUri.toString().isBlank();
        if (hasJwks) {
            if (issuer == null || audience == null) {
                throw new IllegalArgumentException("tracking.security.jwt: with jwks-uri (TRACKING_JWT_JWKS_URI) set "
                        + "issuer (TRACKING_JWT_ISSUER) and audience (TRACKING_JWT_AUDIENCE) too; without them any "
                        + "token the identity provider signed for any other application would be accepted");
            }
        } else {
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

    /** Whether HS256 tokens are verified with the secret published in this repository (see {@link DevTokens}). */
    boolean usesDevelopmentSecret() {
        return !usesJwks() && DevTokens.DEVELOPMENT_SECRET.equals(secret);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
