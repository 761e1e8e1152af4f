package io.tracking.query.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The pages' own filter chain, ahead of the API's ({@code /api/**}): the pages and their scripts are public, since
 * they hold no data; what they show comes from the API, which checks the bearer token the page was given. What this
 * chain adds is the browser's side of the rules: a Content Security Policy that runs only this service's scripts and
 * talks only to this service (images also from the tile server), no referrer, and no framing except by
 * {@code frame-ancestors}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PageProperties.class)
class PageSecurityConfiguration {

    static final String[] PATHS = { "/track/**", "/console", "/console/**", "/ui/**", "/webjars/**" };

    @Bean
    @Order(1)
    SecurityFilterChain pages(HttpSecurity http, PageProperties properties) throws Exception {
        return http.securityMatcher(PATHS)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(properties)))
                        // frame-ancestors says who may embed; X-Frame-Options cannot name an embedding app
                        .frameOptions(frame -> frame.disable())
                        .xssProtection(xss -> xss.disable())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    static String contentSecurityPolicy(PageProperties properties) {
        String tiles = properties.tileSource();
        return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                + "img-src 'self'" + (tiles.isEmpty() ? "" : " " + tiles) + "; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors " + properties.frameAncestors();
    }
}
