package io.tracking.auth;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * Applies the suite's bearer-token rules to a service's own {@code SecurityFilterChain}: stateless, no CSRF
 * (no cookies are used), JWT resource server with the roles mapping, problem+json 401 and 403. The service
 * then adds its own authorization rules.
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
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter)));
    }
}
