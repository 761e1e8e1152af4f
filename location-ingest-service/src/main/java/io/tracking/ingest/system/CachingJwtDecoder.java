package io.tracking.ingest.system;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens the real decoder has verified, keyed by the whole token string (signature included), until
 * they expire. A phone sends the same token with every ping, and verifying it again (parse, HMAC or RSA, claims)
 * would cost more than the rest of the request.
 *
 * <p>Only verified tokens are stored, and a hit is re-checked against its {@code exp}. The map is bounded: when
 * full it is cleared, so a flood of distinct tokens costs re-verification, never memory.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.get(token);
        if (jwt != null) {
            Instant expiresAt = jwt.getExpiresAt();
            if (expiresAt != null && clock.instant().isBefore(expiresAt)) {
                return jwt;
            }
            verified.remove(token);
        }
        Jwt fresh = delegate.decode(token);
        if (fresh.getExpiresAt() != null) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(token, fresh);
        }
        return fresh;
    }
}
