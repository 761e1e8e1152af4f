package io.tracking.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a verified token into an authentication whose name is the subject and whose authorities are its roles.
 * Runs on every request (the decoder caches tokens, not authentications), so it shares one authority per role.
 * Public for servers that check tokens outside Spring Security's filter chain (the ingest's Netty WebSocket server),
 * so that they read roles exactly as {@link BearerTokenSecurity} does.
 */
public final class RolesAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String ROLES_CLAIM = "roles";

    private static final Map<Role, GrantedAuthority> AUTHORITIES = new EnumMap<>(Role.class);

    static {
        for (Role role : Role.values()) {
            AUTHORITIES.put(role, new SimpleGrantedAuthority(role.authority()));
        }
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Object claim = jwt.getClaims().get(ROLES_CLAIM);
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                Role.fromClaim(value).ifPresent(roles::add);
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>(roles.size());
        for (Role role : roles) {
            authorities.add(AUTHORITIES.get(role));
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
