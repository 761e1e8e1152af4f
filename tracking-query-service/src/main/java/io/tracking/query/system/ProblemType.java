package io.tracking.query.system;

import java.net.URI;

import io.tracking.contract.ProblemTypes;

/** The stable {@code type} URIs of this service's problem responses (RFC 9457, see {@link ProblemTypes}), with their titles. */
public enum ProblemType {
    VALIDATION("validation", "Invalid request"),
    NOT_FOUND("not-found", "Not found"),
    CONFLICT("conflict", "Conflict"),
    TRACKING_ENDED("tracking-ended", "Tracking ended"),
    TOO_MANY_STREAMS("too-many-streams", "Too many live streams"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
    UNAVAILABLE("unavailable", "Service unavailable"),
    INTERNAL("internal", "Internal error");

    private final URI uri;
    private final String title;

    ProblemType(String slug, String title) {
        this.uri = ProblemTypes.of(slug);
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }
}
