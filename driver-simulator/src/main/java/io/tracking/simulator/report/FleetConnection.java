package io.tracking.simulator.report;

import java.util.Locale;

/**
 * The ws mode's fleet connected before the run ({@code --connect-first}).
 *
 * @param opened connections open when the run's clock started
 * @param failed connections that failed or timed out (their drivers' first pings open them again)
 * @param seconds how long opening them took
 */
public record FleetConnection(long opened, long failed, double seconds) {

    /** Connections opened per second. */
    public double perSecond() {
        return opened / Math.max(seconds, 1e-9);
    }

    public String toText() {
        return String.format(Locale.ROOT, "ws: connected %d drivers in %.1f s (%.0f/s), %d failed", opened, seconds,
                perSecond(), failed);
    }
}
