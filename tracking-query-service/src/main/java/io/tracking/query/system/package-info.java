/**
 * Cross-cutting pieces: security, problem details, callers, request rules, distances.
 */
@NullMarked
package io.tracking.query.system;

import org.jspecify.annotations.NullMarked;
