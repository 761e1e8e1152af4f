package io.tracking.query.system;

import jakarta.servlet.DispatcherType;


import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import io.tracking.auth.BearerTokenSecurity;

/**
 * Who may call which endpoint, by role. Finer rules that depend on the data (a customer sees only the driver of
 * their own active orders) live in {@code OrderAccess}. Only {@code /api/**} is covered: actuator runs on the
 * management port and stays reachable for probes without a token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, BearerTokenSecurity bearer) throws Exception {
        bearer.apply(http.securityMatcher("/api/**"))
                .authorizeHttpRequests(requests -> requests
                        // the async dispatch that finishes an SSE stream belongs to an already authorised request
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.PUT, "/api/v1/orders/*").hasRole("DISPATCH")
                        .requestMatchers(HttpMethod.GET, "/api/v1/orders/*/tracking", "/api/v1/orders/*/tracking/stream")
                        .hasAnyRole("CUSTOMER", "RESTAURANT", "LOGISTICS", "DISPATCH")
                        .requestMatchers("/api/v1/drivers/**").hasAnyRole("LOGISTICS", "DISPATCH")
                        .anyRequest().authenticated());
        return http.build();
    }

    /** Header-only bearer tokens, resolved without a regular expression (picked up by the resource server). */
    @Bean
    BearerTokenResolver bearerTokenResolver() {
        return new HeaderBearerTokenResolver();
    }

    /**
     * The default firewall, but header names and values are checked with a loop instead of a Unicode regular
     * expression (same rule: no control characters, no unassigned code points); the regex cost as much CPU as a
     * whole location read.
     */
    @Bean
    WebSecurityCustomizer firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(SecurityConfiguration::isPrintable);
        firewall.setAllowedHeaderValues(SecurityConfiguration::isPrintable);
        firewall.setAllowedParameterNames(SecurityConfiguration::isPrintable);
        return web -> web.httpFirewall(firewall);
    }

    static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || !Character.isDefined(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * No observations per security filter, authentication and authorization: they cost more CPU than the read
     * they protect. Requests stay observed as {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
