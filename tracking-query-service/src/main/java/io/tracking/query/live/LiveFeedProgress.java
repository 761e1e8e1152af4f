package io.tracking.query.live;

import java.util.Map;

/**
 * Follows the live reader through the location topic: where it started on each partition, the key of every record
 * it reads (decoded or not, watched or not), and how far it got after each poll. Called on the reader's thread.
 */
public interface LiveFeedProgress {

    /** The reader reads {@code partition} from {@code position} on; it never saw the records before it. */
    void started(int partition, long position);

    /** The reader read the record at {@code offset} of {@code partition}, keyed {@code driverId}. */
    void read(String driverId, int partition, long offset);

    /** The reader has read every record before {@code positions}, per partition. */
    void reached(Map<Integer, Long> positions);

    /** The reader stopped or was reassigned: what it reported so far no longer holds. */
    void reset();
}
