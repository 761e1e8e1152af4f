package io.tracking.query.system;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the bearer token from the {@code Authorization} header only (never from query or form parameters), with
 * the same rules as Spring's default resolver but without a regular expression: this runs on every request.
 * Token characters: {@code A-Z a-z 0-9 - . _ ~ + /}, then optional {@code =} padding (RFC 6750 b64token).
 */
final class HeaderBearerTokenResolver implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = header.substring(SCHEME.length());
        if (!isB64Token(token)) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return token;
    }

    static boolean isB64Token(String token) {
        int length = token.length();
        int end = length;
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
