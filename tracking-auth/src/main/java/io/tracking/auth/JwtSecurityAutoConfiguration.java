package io.tracking.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies bearer tokens with exactly one algorithm: HS256 with the configured secret, or RS256 with keys from
 * the JWKS URI. Tokens must carry a subject and an expiry, and the configured issuer and audience when set (always
 * with a JWKS URI, see {@link JwtProperties}); {@code alg: none} and any other algorithm are refused. Every
 * refusal is the same 401: which check failed is not told to the caller.
 */
@AutoConfiguration
@EnableConfigurationProperties(JwtProperties.class)
public class JwtSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JwtSecurityAutoConfiguration.class);

    /** The verifying decoder, behind a cache of verified tokens unless {@code token-cache.max-entries} is 0. */
    @Bean
    @ConditionalOnMissingBean
    JwtDecoder trackingJwtDecoder(JwtProperties properties) {
        JwtDecoder verifier = verifier(properties);
        JwtProperties.TokenCache cache = properties.tokenCache();
        return cache.maxEntries() > 0
                ? new CachingJwtDecoder(verifier, cache.maxEntries(), cache.ttl(), Clock.systemUTC())
                : verifier;
    }

    private static JwtDecoder verifier(JwtProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.usesJwks()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(String.valueOf(properties.jwksUri()))
                    .jwsAlgorithm(SignatureAlgorithm.RS256)
                    .build();
        } else {
            byte[] secret = String.valueOf(properties.secret()).getBytes(StandardCharsets.UTF_8);
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(4);
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        validators.add(JwtSecurityAutoConfiguration::requireSubjectAndExpiry);
        if (properties.issuer() != null) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (properties.audience() != null) {
            validators.add(new JwtAudienceValidator(properties.audience()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        if (properties.usesDevelopmentSecret()) {
            // one line, so that it survives log shippers that split multi-line messages
            log.warn("INSECURE: TRACKING_JWT_SECRET is the DEVELOPMENT-ONLY secret published in this repository: "
                    + "ANYONE can mint tokens with it, for any driver and any role, and this service accepts them. "
                    + "Set your own TRACKING_JWT_SECRET (32+ random bytes) or TRACKING_JWT_JWKS_URI before anyone "
                    + "but you can reach this service.");
        }
        return decoder;
    }

    @Bean
    @ConditionalOnMissingBean
    BearerTokenSecurity bearerTokenSecurity() {
        return new BearerTokenSecurity();
    }

    private static OAuth2TokenValidatorResult requireSubjectAndExpiry(Jwt jwt) {
        if (jwt.getSubject() == null || jwt.getSubject().isBlank() || jwt.getExpiresAt() == null) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "The token needs a subject and an expiry", null));
        }
        return OAuth2TokenValidatorResult.success();
    }
}
