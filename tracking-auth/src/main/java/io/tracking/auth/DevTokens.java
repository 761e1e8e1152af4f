package io.tracking.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Mints HS256 tokens for development, tests and the simulator. Production tokens come from an identity provider
 * (RS256 via JWKS); this class uses only the JDK so that tools can mint tokens without Spring.
 *
 * <p>Tokens name the issuer and audience of {@code TRACKING_JWT_ISSUER} and {@code TRACKING_JWT_AUDIENCE} when
 * those are set, the same variables the services check them against, so that the local stack and every tool that
 * mints with this class keep working when they are exported.
 */
public final class DevTokens {

    /**
     * The secret the local stack and docker compose use when {@code TRACKING_JWT_SECRET} is not set.
     * Development only: anyone who reads this repository can mint tokens with it.
     */
    public static final String DEVELOPMENT_SECRET = "dev-only-secret-change-me-0123456789abcdef";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private DevTokens() {
    }

    /**
     * A token for {@code subject} with the given role claim values (e.g. {@code driver}), valid for {@code ttl}; with
     * {@code iss} and {@code aud} from {@code TRACKING_JWT_ISSUER} and {@code TRACKING_JWT_AUDIENCE} when set.
     */
    public static String mint(String secret, String subject, List<String> roles, Duration ttl) {
        return mint(secret, environment("TRACKING_JWT_ISSUER"), environment("TRACKING_JWT_AUDIENCE"), subject, roles,
                ttl);
    }

    /**
     * A token as {@link #mint(String, String, List, Duration)} with the given {@code iss} and {@code aud}; a
     * {@code null} one is left out of the token.
     */
    public static String mint(String secret, @Nullable String issuer, @Nullable String audience, String subject,
            List<String> roles, Duration ttl) {
        return mint(secret, issuer, audience, subject, roles, Instant.now(), ttl);
    }

    static String mint(String secret, String subject, List<String> roles, Instant issuedAt, Duration ttl) {
        return mint(secret, environment("TRACKING_JWT_ISSUER"), environment("TRACKING_JWT_AUDIENCE"), subject, roles,
                issuedAt, ttl);
    }

    static String mint(String secret, @Nullable String issuer, @Nullable String audience, String subject,
            List<String> roles, Instant issuedAt, Duration ttl) {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String payload = "{\"sub\":" + jsonString(subject)
                + (issuer == null ? "" : ",\"iss\":" + jsonString(issuer))
                + (audience == null ? "" : ",\"aud\":" + jsonString(audience))
                + ",\"roles\":[" + roles.stream().map(DevTokens::jsonString).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + issuedAt.plus(ttl).getEpochSecond() + "}";
        String signingInput = encode(header) + "." + encode(payload);
        return signingInput + "." + BASE64URL.encodeToString(hmacSha256(secret, signingInput));
    }

    /** The variable's value, or {@code null} when it is unset or blank (as the services' settings read it). */
    static @Nullable String environment(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmacSha256(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
