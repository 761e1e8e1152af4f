package io.tracking.auth;

import java.util.Locale;
import java.util.Optional;

/** The parties that call the suite, as named in a token's {@code roles} claim (lower case). */
public enum Role {
    DRIVER, CUSTOMER, RESTAURANT, LOGISTICS, DISPATCH;

    // both are read on every request: built once
    private final String authority = "ROLE_" + name();
    private final String claimValue = name().toLowerCase(Locale.ROOT);

    /** The Spring Security authority this role maps to, e.g. {@code ROLE_DRIVER}. */
    public String authority() {
        return authority;
    }

    /** The name used in tokens, e.g. {@code driver}. */
    public String claimValue() {
        return claimValue;
    }

    /** The role a claim value names, if any; unknown names are ignored rather than trusted. */
    public static Optional<Role> fromClaim(Object value) {
        if (!(value instanceof String name)) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.claimValue.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
