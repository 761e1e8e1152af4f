package io.tracking.query.system;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import io.tracking.auth.Role;

/**
 * Who is asking: the token's subject and its roles.
 *
 * @param subject the party's id (a customer, restaurant, driver or staff id)
 * @param roles the roles granted by the token
 */
public record Caller(String subject, Set<Role> roles) {

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(roles);
    }

    /** The caller behind an authenticated request. */
    public static Caller of(Authentication authentication) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (Role role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        return new Caller(authentication.getName(), roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Logistics and dispatch see the whole fleet. */
    public boolean seesFleet() {
        return has(Role.LOGISTICS) || has(Role.DISPATCH);
    }
}
