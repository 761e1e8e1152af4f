package io.tracking.ingest.ping;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.Violation;

/**
 * One WebSocket frame as read: its client sequence number and its pings, or why it cannot be read.
 *
 * @param seq the client's number for the frame, echoed in the answer; null when absent or unreadable
 * @param batch whether the frame was {@code {"seq":n,"pings":[...]}} rather than one ping
 * @param pings the pings of a readable frame, in order; empty when {@code unreadable} is set
 * @param unreadable what makes the frame as a whole unreadable (malformed JSON, wrong envelope); null otherwise
 */
record PingFrame(@Nullable Long seq, boolean batch, List<PingDraft> pings, @Nullable Violation unreadable) {
}
