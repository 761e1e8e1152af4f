package io.tracking.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * What the hostile-input suites of the HTTP services share: tokens no honest issuer produces, and what an error
 * body must never show.
 */
public final class HostileInput {

    /** Text that would betray a stack trace, SQL, a table name or the servlet container in an error body. */
    public static final List<String> LEAKS = List.of("Exception", "at io.", "at org.", "java.", "SELECT", "INSERT",
            "location_history", "driver_latest_location", "DROP TABLE", "<html", "Tomcat");

    /** A coordinate sent as a JSON field or as a {@code lat}/{@code lon} query parameter. */
    private static final Pattern COORDINATE = Pattern.compile(
            "(?:\"(?:latitude|longitude)\"\\s*:\\s*|[?&](?:lat|lon)=)(-?[0-9][0-9.eE+-]{3,})");

    private HostileInput() {
    }

    /** The coordinates in a request (body or path and query), which its error body must not echo. */
    public static List<String> sentCoordinates(@Nullable String sent) {
        if (sent == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        Matcher matcher = COORDINATE.matcher(sent);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values.stream().distinct().toList();
    }

    /** A token with {@code alg: none} and no signature. */
    public static String unsignedToken(String claims) {
        return base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(claims) + ".";
    }

    /** A token signed with {@code secret} by an HMAC algorithm ({@code HS256}, {@code HS384}, {@code HS512}). */
    public static String signedToken(String alg, String claims, String secret) {
        String input = base64Url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + base64Url(claims);
        String javaAlg = "Hmac" + alg.replace("HS", "SHA");
        try {
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), javaAlg));
            return input + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWT segment: {@code json} in unpadded base64url. */
    public static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
