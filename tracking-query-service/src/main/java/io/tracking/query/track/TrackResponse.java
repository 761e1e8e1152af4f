package io.tracking.query.track;

import java.time.Instant;
import java.util.List;

/**
 * @param from inclusive lower bound asked for
 * @param to exclusive upper bound asked for
 * @param points positions in {@code [from, to)}, oldest first
 * @param truncated whether more positions exist in the window than {@code limit}: ask again from the last
 *        point's {@code recordedAt} to page on
 */
record TrackResponse(String driverId, Instant from, Instant to, List<TrackPoint> points, boolean truncated) {
}
