package io.tracking.faults.check;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.tracking.faults.load.PingAttempt;

/**
 * How the ingest service answered while Kafka was down, and how fast it accepted pings again afterwards.
 *
 * @param windowSeconds length of the outage window
 * @param inside requests that started and ended inside the window
 * @param acceptedInside 202s among them: must be 0, a 202 promises Kafka has the ping
 * @param unavailableInside 503s among them: what the service should answer
 * @param otherInside any other answer inside the window, by outcome
 * @param straddling requests across an edge of the window (any answer is legitimate for them)
 * @param acceptedStraddling 202s among those
 * @param recoverySeconds from the broker's return (its start returned: it answers requests) to the end of the first
 *        202 of a request started after the restart began; 0 when that came even earlier; null when none came
 * @param refusedAfterReturn requests started after the broker's return that were not answered 202
 */
public record OutageReport(double windowSeconds, long inside, long acceptedInside, long unavailableInside,
        Map<String, Long> otherInside, long straddling, long acceptedStraddling, @Nullable Double recoverySeconds,
        long refusedAfterReturn) {

    /**
     * @param attempts every request of the scenario
     * @param window confirmed dead until the restart began
     * @param returnedNanos when the restarted broker answered again
     */
    public static OutageReport of(Collection<PingAttempt> attempts, OutageWindow window, long returnedNanos) {
        long inside = 0;
        long acceptedInside = 0;
        long unavailableInside = 0;
        Map<String, Long> otherInside = new TreeMap<>();
        long straddling = 0;
        long acceptedStraddling = 0;
        long firstRecoveredEnd = Long.MAX_VALUE;
        long refusedAfterReturn = 0;
        for (PingAttempt attempt : attempts) {
            if (window.contains(attempt)) {
                inside++;
                if (attempt.accepted()) {
                    acceptedInside++;
                } else if (attempt.status() == 503) {
                    unavailableInside++;
                } else {
                    otherInside.merge(attempt.outcome(), 1L, Long::sum);
                }
            } else if (window.straddles(attempt)) {
                straddling++;
                if (attempt.accepted()) {
                    acceptedStraddling++;
                }
            }
            if (attempt.accepted() && attempt.startNanos() >= window.toNanos()) {
                firstRecoveredEnd = Math.min(firstRecoveredEnd, attempt.endNanos());
            }
            if (!attempt.accepted() && attempt.startNanos() >= returnedNanos) {
                refusedAfterReturn++;
            }
        }
        Double recovery = firstRecoveredEnd == Long.MAX_VALUE ? null
                : Math.max(0, firstRecoveredEnd - returnedNanos) / 1e9;
        return new OutageReport(window.seconds(), inside, acceptedInside, unavailableInside, otherInside, straddling,
                acceptedStraddling, recovery, refusedAfterReturn);
    }
}
