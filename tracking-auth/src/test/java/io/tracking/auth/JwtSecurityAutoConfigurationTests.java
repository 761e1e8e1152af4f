package io.tracking.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jwt.JwtDecoder;

@ExtendWith(OutputCaptureExtension.class)
class JwtSecurityAutoConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JwtSecurityAutoConfiguration.class))
            .withPropertyValues("tracking.security.jwt.secret=" + DevTokens.DEVELOPMENT_SECRET);

    @Test
    void shouldCacheVerifiedTokensByDefault() {
        context.run(app -> assertThat(app.getBean(JwtDecoder.class)).isInstanceOf(CachingJwtDecoder.class));
    }

    @Test
    void shouldVerifyEveryTokenWhenTheCacheIsTurnedOff() {
        context.withPropertyValues("tracking.security.jwt.token-cache.max-entries=0")
                .run(app -> assertThat(app.getBean(JwtDecoder.class)).isNotInstanceOf(CachingJwtDecoder.class));
    }

    @Test
    void shouldRefuseToStartWithANegativeCacheSize() {
        context.withPropertyValues("tracking.security.jwt.token-cache.max-entries=-1")
                .run(app -> assertThat(app).hasFailed());
    }

    @Test
    void shouldWarnLoudlyAtStartWhenTheDevelopmentSecretIsInUse(CapturedOutput output) {
        context.run(app -> assertThat(app).hasNotFailed());

        assertThat(output.getOut()).containsPattern("WARN .*INSECURE: TRACKING_JWT_SECRET is the DEVELOPMENT-ONLY "
                + "secret published in this repository: ANYONE can mint tokens");
    }

    @Test
    void shouldNotWarnAboutAnyOtherSecret(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JwtSecurityAutoConfiguration.class))
                .withPropertyValues("tracking.security.jwt.secret=a-secret-of-this-deployment-0123456789")
                .run(app -> assertThat(app).hasNotFailed());

        assertThat(output.getOut()).doesNotContain("DEVELOPMENT-ONLY");
    }
}
