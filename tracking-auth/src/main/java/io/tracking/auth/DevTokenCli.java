package io.tracking.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Prints a development token: {@code DevTokenCli <subject> <role[,role...]> [ttl, e.g. PT12H]}. The secret is
 * {@code TRACKING_JWT_SECRET}, or the documented development secret when that is unset.
 */
public final class DevTokenCli {

    private DevTokenCli() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: DevTokenCli <subject> <role[,role...]> [ttl, ISO-8601 e.g. PT12H]");
            System.err.println("roles: driver, customer, restaurant, logistics, dispatch");
            System.exit(2);
        }
        List<String> roles = Arrays.stream(args[1].split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        for (String role : roles) {
            if (Role.fromClaim(role).isEmpty()) {
                System.err.println("unknown role: " + role);
                System.exit(2);
            }
        }
        Duration ttl = args.length == 3 ? Duration.parse(args[2]) : Duration.ofHours(12);
        String secret = System.getenv().getOrDefault("TRACKING_JWT_SECRET", DevTokens.DEVELOPMENT_SECRET);
        System.out.println(DevTokens.mint(secret, args[0], roles, ttl));
    }
}
