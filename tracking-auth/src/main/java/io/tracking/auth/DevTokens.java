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

/**
 * Mints HS256 tokens for development, tests and the simulator. Production tokens come from an identity provider
 * (RS256 via JWKS); this class uses only the JDK so that tools can mint tokens without Spring.
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

    /** A token for {@code subject} with the given role claim values (e.g. {@code driver}), valid for {@code ttl}. */
    public static String mint(String secret, String subject, List<String> roles, Duration ttl) {
        return mint(secret, subject, roles, Instant.now(), ttl);
    }

    static String mint(String secret, String subject, List<String> roles, Instant issuedAt, Duration ttl) {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String payload = "{\"sub\":" + jsonString(subject)
                + ",\"roles\":[" + roles.stream().map(DevTokens::jsonString).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + issuedAt.plus(ttl).getEpochSecond() + "}";
        String signingInput = encode(header) + "." + encode(payload);
        return signingInput + "." + BASE64URL.encodeToString(hmacSha256(secret, signingInput));
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
