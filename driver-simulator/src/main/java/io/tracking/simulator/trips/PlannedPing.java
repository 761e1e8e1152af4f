package io.tracking.simulator.trips;

import java.time.Instant;

import io.tracking.simulator.fleet.Ping;

/**
 * A fix of a simulated driver and when, in simulated time, the phone hands it over for upload.
 *
 * @param ping the fix as the phone reports it
 * @param sendAt simulated time from which it may be uploaded: its {@code recordedAt}, later for a delayed fix or
 *     the second copy of a duplicated one
 * @param noise what was done to it on purpose
 */
record PlannedPing(Ping ping, Instant sendAt, Noise noise) {

    /** The disturbances real phones produce, each applied on purpose to some fixes. */
    enum Noise {
        /** An ordinary fix: measured with its accuracy's error, sent at once. */
        NONE,
        /** Sent 5–25 s late, after newer fixes: out of order, within the engine's grace window. */
        DELAYED,
        /** A second copy of a fix, sent again a little later. */
        DUPLICATE,
        /** A fix 300–500 m off the driver's true position (a multipath jump). */
        JUMP
    }
}
