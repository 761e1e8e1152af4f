package io.tracking.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens the real decoder verified, so that a client calling many times a second with the same token
 * pays for the signature check once. Invariants: only verified tokens are stored, keyed by the whole token string;
 * an entry is served only before the token's {@code exp} and for at most {@code ttl} after it was verified (so a
 * rotated JWKS key stops being honoured within {@code ttl}); the map never holds more than {@code maxEntries}
 * (it is emptied when full, which is cheap and rare).
 */
final class CachingJwtDecoder implements JwtDecoder {

    private record Entry(Jwt jwt, Instant validUntil) {
    }

    private final JwtDecoder delegate;
    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, int maxEntries, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Entry entry = verified.get(token);
        if (entry != null) {
            if (now.isBefore(entry.validUntil())) {
                return entry.jwt();
            }
            verified.remove(token, entry);
        }
        Jwt jwt = delegate.decode(token);
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt != null && now.isBefore(expiresAt)) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            Instant cap = now.plus(ttl);
            verified.put(token, new Entry(jwt, expiresAt.isBefore(cap) ? expiresAt : cap));
        }
        return jwt;
    }
}
