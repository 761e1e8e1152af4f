/**
 * How every HTTP service of the suite knows who is calling: a bearer JWT whose subject is the caller's id
 * (a driver, customer, restaurant, ...) and whose {@code roles} claim lists {@link io.tracking.auth.Role}s.
 * Keys are an HS256 secret or, for production, RS256 keys from a JWKS URI. Failures answer
 * {@code application/problem+json}.
 */
@NullMarked
package io.tracking.auth;

import org.jspecify.annotations.NullMarked;
