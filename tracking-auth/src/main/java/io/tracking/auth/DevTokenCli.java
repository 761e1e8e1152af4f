package io.tracking.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Prints a development token:
 * {@code DevTokenCli [--issuer=ISS] [--audience=AUD] <subject> <role[,role...]> [ttl, e.g. PT12H]}. The secret is
 * {@code TRACKING_JWT_SECRET}, or the documented development secret when that is unset; {@code iss} and {@code aud}
 * come from the options, else from {@code TRACKING_JWT_ISSUER} and {@code TRACKING_JWT_AUDIENCE}, else are left out.
 */
public final class DevTokenCli {

    private static final String ISSUER = "--issuer=";
    private static final String AUDIENCE = "--audience=";

    private DevTokenCli() {
    }

    public static void main(String[] args) {
        @Nullable String issuer = DevTokens.environment("TRACKING_JWT_ISSUER");
        @Nullable String audience = DevTokens.environment("TRACKING_JWT_AUDIENCE");
        List<String> positional = new ArrayList<>(3);
        for (String arg : args) {
            if (arg.startsWith(ISSUER)) {
                issuer = nonBlank(arg.substring(ISSUER.length()));
            } else if (arg.startsWith(AUDIENCE)) {
                audience = nonBlank(arg.substring(AUDIENCE.length()));
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() < 2 || positional.size() > 3) {
            System.err.println("usage: DevTokenCli [--issuer=ISS] [--audience=AUD] <subject> <role[,role...]> "
                    + "[ttl, ISO-8601 e.g. PT12H]");
            System.err.println("roles: driver, customer, restaurant, logistics, dispatch");
            System.err.println("issuer/audience default to TRACKING_JWT_ISSUER/TRACKING_JWT_AUDIENCE when set");
            System.exit(2);
        }
        List<String> roles = Arrays.stream(positional.get(1).split(",")).map(String::trim).filter(r -> !r.isEmpty())
                .toList();
        for (String role : roles) {
            if (Role.fromClaim(role).isEmpty()) {
                System.err.println("unknown role: " + role);
                System.exit(2);
            }
        }
        Duration ttl = positional.size() == 3 ? Duration.parse(positional.get(2)) : Duration.ofHours(12);
        String secret = System.getenv().getOrDefault("TRACKING_JWT_SECRET", DevTokens.DEVELOPMENT_SECRET);
        System.out.println(DevTokens.mint(secret, issuer, audience, positional.get(0), roles, ttl));
    }

    private static @Nullable String nonBlank(String value) {
        return value.isBlank() ? null : value;
    }
}
