package io.tracking.simulator.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tracking.auth.DevTokens;

/**
 * One bearer token per driver (subject = driver id, role {@code driver}), minted on first use and reused: the
 * ingest service only accepts a driver's pings from that driver.
 */
public final class DriverTokens {

    private final String secret;
    private final Duration ttl;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public DriverTokens(String secret, Duration ttl) {
        this.secret = secret;
        this.ttl = ttl;
    }

    public String tokenFor(String driverId) {
        return tokens.computeIfAbsent(driverId, id -> DevTokens.mint(secret, id, List.of("driver"), ttl));
    }
}
