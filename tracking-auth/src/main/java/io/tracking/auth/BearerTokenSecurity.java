package io.tracking.auth;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Applies the suite's bearer-token rules to a service's own {@code SecurityFilterChain}: stateless, no CSRF
 * (no cookies are used), JWT resource server with the roles mapping, problem+json 401 and 403. The service
 * then adds its own authorization rules.
 *
 * <p>Response headers are those a JSON API of personal data needs: {@code Cache-Control: no-store} (no cache keeps a
 * position), {@code X-Content-Type-Options: nosniff} and {@code X-Frame-Options: DENY}. Spring's browser-page extras
 * ({@code Pragma}, {@code Expires}, {@code X-XSS-Protection: 0}) are left out: HTTP/1.0 caches and the retired XSS
 * auditor play no part here, and every header costs the encoding on each of thousands of answers a second.
 */
public final class BearerTokenSecurity {

    private final RolesAuthenticationConverter converter = new RolesAuthenticationConverter();

    BearerTokenSecurity() {
    }

    /** Configures {@code http} as a resource server that accepts the suite's bearer tokens. */
    public HttpSecurity apply(HttpSecurity http) {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .cacheControl(cache -> cache.disable())
                        .xssProtection(xss -> xss.disable())
                        .addHeaderWriter(new StaticHeadersWriter("Cache-Control", "no-store")))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter)));
    }
}
