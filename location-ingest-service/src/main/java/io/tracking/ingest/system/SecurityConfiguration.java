package io.tracking.ingest.system;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import io.tracking.auth.BearerTokenSecurity;
import io.tracking.auth.Role;

/**
 * Who may call: {@code /api/**} needs a valid bearer token with the driver role (401 without, 403 with another
 * role); that a driver reports only for itself is checked per ping by the controller. Everything else on this
 * port is public: only the OpenAPI description is served there, unknown paths answer 404. Actuator lives on the
 * separate management port and is reachable without a token there.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, BearerTokenSecurity bearer, JwtDecoder decoder) throws Exception {
        bearer.apply(http)
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder)))
                .authorizeHttpRequests(requests -> requests
                        // The request was authorized on its way in; the async dispatch only writes the answer.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/**").hasRole(Role.DRIVER.name())
                        .anyRequest().permitAll());
        return http.build();
    }

    /**
     * Spring Security would wrap each of its filters, authentication and authorization in an observation: a
     * measurable share of a ping's CPU time, for no insight that {@code http.server.requests} does not give.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
