package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

class HeaderBearerTokenResolverTests {

    private final HeaderBearerTokenResolver resolver = new HeaderBearerTokenResolver();

    private static MockHttpServletRequest withAuthorization(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", value);
        return request;
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer abc.DEF-ghi_jkl~m+n/o==", "bearer abc.def.ghi", "BEARER x" })
    void shouldReadTheTokenWhateverTheSchemeCase(String header) {
        assertThat(resolver.resolve(withAuthorization(header))).isEqualTo(header.substring(7));
    }

    @Test
    void shouldIgnoreRequestsWithoutBearerToken() {
        assertThat(resolver.resolve(new MockHttpServletRequest())).isNull();
        assertThat(resolver.resolve(withAuthorization("Basic dXNlcjpwYXNz"))).isNull();
    }

    @Test
    void shouldNotReadTokensFromParameters() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addParameter("access_token", "abc");
        assertThat(resolver.resolve(request)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer ", "Bearer a b", "Bearer a=b", "Bearer ===", "Bearer a\"b", "Bearer é" })
    void shouldRejectMalformedTokens(String header) {
        assertThatThrownBy(() -> resolver.resolve(withAuthorization(header)))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }
}
