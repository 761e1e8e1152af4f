package io.tracking.query.live;

import java.io.IOException;

/**
 * Where one stream's bytes go, without ever waiting for the client. {@link #write} and {@link #flush} may only be
 * called right after {@link #isReady()} answered true; a write then returns at once, whatever the client does
 * (what the socket cannot take yet stays in the sink). When {@link #isReady()} answers false, the sink calls the
 * stream's {@link OrderStream#writable()} once the client has taken enough to accept more.
 */
interface EventSink {

    boolean isReady();

    void write(byte[] bytes) throws IOException;

    void flush() throws IOException;

    /** Ends the response, whether or not the client took everything; safe to call more than once. */
    void complete();
}
