package io.tracking.contract;

import java.net.URI;

/**
 * The vocabulary every service's {@code application/problem+json} answers share (RFC 9457), defined once.
 *
 * <ul>
 *   <li>{@code type} is {@value #BASE} followed by a slug ({@code validation}, {@code forbidden}, …): stable, so
 *       clients may branch on it.</li>
 *   <li>A 400 lists the broken rules under {@value #FIELD_ERRORS}: {@code [{field, rule, message}]} (a batch item's
 *       also has its {@code index}), naming the field and the rule, never the value sent.</li>
 * </ul>
 */
public final class ProblemTypes {

    /** Where every problem {@code type} URI starts. */
    public static final String BASE = "https://tracking.example/problems/";

    /** The member of a problem that lists broken rules, as {@link Violation}s. */
    public static final String FIELD_ERRORS = "errors";

    /**
     * The query service's former name for {@link #FIELD_ERRORS}, still sent beside it with the same content for
     * clients written against it; deprecated, to be removed in the next major version of the API.
     */
    public static final String DEPRECATED_FIELD_ERRORS = "violations";

    private ProblemTypes() {
    }

    /** The type URI of the problem named {@code slug}. */
    public static URI of(String slug) {
        return URI.create(BASE + slug);
    }
}
