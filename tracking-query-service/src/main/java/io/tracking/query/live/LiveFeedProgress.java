package io.tracking.query.live;

import java.util.Map;

/**
 * Follows the live reader through the location topic: where it started on each partition, every record it reads
 * (decoded or not, watched or not, usable or not), and how far it got after each poll. Called on the reader's
 * thread. A follower that throws is reset and told the reader's positions again, as after a start.
 */
public interface LiveFeedProgress {

    /** The reader reads {@code partition} from {@code position} on; it never saw the records before it. */
    void started(int partition, long position);

    /** The reader read the record at {@code offset} of {@code partition}, keyed by the well-formed {@code driverId}. */
    void read(String driverId, int partition, long offset);

    /**
     * The reader read the record at {@code offset} of {@code partition}, whose key is no driver id (missing, empty
     * or malformed): the batch writer stores nothing for it, but it moves the reader on.
     */
    void skipped(int partition, long offset);

    /** The reader has read every record before {@code positions}, per partition. */
    void reached(Map<Integer, Long> positions);

    /** The reader stopped or was reassigned: what it reported so far no longer holds. */
    void reset();
}
