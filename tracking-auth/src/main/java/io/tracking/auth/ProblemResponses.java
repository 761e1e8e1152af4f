package io.tracking.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.tracking.contract.ProblemTypes;

/**
 * The 401 and 403 answers of every service, as {@code application/problem+json}. Their text is fixed: what
 * exactly was wrong with a token is not told to the caller.
 */
final class ProblemResponses {

    static final String UNAUTHORIZED_TYPE = ProblemTypes.of("unauthorized").toString();
    static final String FORBIDDEN_TYPE = ProblemTypes.of("forbidden").toString();

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, exception) -> unauthorized(response, exception);
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, exception) -> forbidden(response, exception);
    }

    private static void unauthorized(HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        boolean tokenPresented = !(exception instanceof org.springframework.security.authentication
                .InsufficientAuthenticationException);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(response, HttpStatus.UNAUTHORIZED, UNAUTHORIZED_TYPE, "Unauthorized",
                tokenPresented ? "The bearer token is malformed, expired, not signed by a trusted key or not issued "
                        + "for this service." : "A bearer token is required.");
    }

    private static void forbidden(HttpServletResponse response, AccessDeniedException exception) throws IOException {
        write(response, HttpStatus.FORBIDDEN, FORBIDDEN_TYPE, "Forbidden",
                "The token is valid but does not allow this request.");
    }

    private static void write(HttpServletResponse response, HttpStatus status, String type, String title,
            String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = ("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
