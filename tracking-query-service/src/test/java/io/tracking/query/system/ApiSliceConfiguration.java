package io.tracking.query.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.tracking.auth.DevTokens;
import io.tracking.auth.JwtSecurityAutoConfiguration;

/**
 * What a {@code @WebMvcTest} slice of one of this service's controllers needs besides the controller and
 * {@code ProblemDetailsHandler}: the real security chain with bearer tokens signed by {@link #SECRET}, and a clock
 * fixed at {@link #NOW}. Test classes set {@code tracking.security.jwt.secret} to {@link #SECRET}.
 */
@TestConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration(JwtSecurityAutoConfiguration.class)
@Import(SecurityConfiguration.class)
public class ApiSliceConfiguration {

    public static final String SECRET = "query-slice-secret-0123456789abcdef-0123";

    public static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");

    @Bean
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** {@code Bearer <token>} for {@code subject} with the given role claim values, e.g. {@code logistics}. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + DevTokens.mint(SECRET, null, null, subject, List.of(roles), Duration.ofMinutes(5));
    }
}
