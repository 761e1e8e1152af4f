/**
 * Cross-cutting parts of the service: who may call the API ({@code SecurityConfiguration}), and the RFC 9457
 * problem responses every error uses ({@link io.tracking.ingest.system.Problems}, {@code ProblemHandler}).
 */
@NullMarked
package io.tracking.ingest.system;

import org.jspecify.annotations.NullMarked;
