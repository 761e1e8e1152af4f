package io.tracking.query.location;

/**
 * Whether {@link LatestLocationCache} serves positions from memory, and if not, the first reason why not (in the
 * order checked). The tag of the gauge {@code tracking.query.latest.cache.state}.
 */
enum LatestCacheState {

    /** Entries are served: every condition below holds. */
    SERVING("serving"),
    /** {@code latest-cache.enabled=false}. */
    DISABLED("disabled"),
    /** The live reader is not reading (starting, restarting, reassigned, or a follower call failed). */
    READER_NOT_STARTED("reader-not-started"),
    /** The writer's positions were never read successfully. */
    NO_WRITER_POSITIONS("no-writer-positions"),
    /** The writer stores a partition the live reader does not follow. */
    UNFOLLOWED_PARTITION("unfollowed-partition"),
    /** The writer has not yet stored everything the live reader skipped when it started (it starts at the end). */
    WRITER_BEHIND_START("writer-behind-start"),
    /** The live reader has not yet read everything the writer stored. */
    READER_BEHIND_WRITER("reader-behind-writer"),
    /** No read of the writer's positions succeeded within the last two refresh intervals (asked, not answered). */
    POSITIONS_STALE("positions-stale"),
    /**
     * The live reader read records the writer has not stored, and the writer's stored positions have not moved for
     * {@code writer-stall-timeout}: a writer down, renamed or writing elsewhere.
     */
    WRITER_STALLED("writer-stalled");

    final String tag;

    LatestCacheState(String tag) {
        this.tag = tag;
    }
}
