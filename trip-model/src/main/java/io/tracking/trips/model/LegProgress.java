package io.tracking.trips.model;

import java.time.Duration;
import java.time.Instant;

/**
 * How fast the driver has been closing in on the stop of the current leg: the straight-line metres gained and the
 * seconds it took, each an exponentially weighted sum over the leg's believable fixes that forgets with a time
 * constant of {@link #MEMORY}. Their ratio is the driver's recent pace towards the stop, and it already counts what
 * the straight line leaves out: bends, lights, slow traffic. Moving away from the stop gains negative metres.
 *
 * <p>Measured between fixes, from distance to distance, rather than from the speeds the phone reports: the speed at
 * a fix says how fast the driver moves this second (nothing at a red light, everything on the open road), the
 * metres gained over minutes say how soon they get there. A fix's position error enters the sums twice with
 * opposite signs and nearly the same weight, so it mostly cancels.
 *
 * <p>Immutable: {@link #then} gives the progress one fix later. Folding the same fixes in the same order always
 * gives the same sums, which is what keeps ETAs independent of the order fixes came in (see {@link TrackEtas}).
 *
 * @param at the recordedAt of the last fix folded in
 * @param distanceMeters that fix's great-circle distance to the stop
 * @param closedMeters the weighted straight-line metres gained towards the stop
 * @param seconds the weighted seconds it took: up to {@link #MEMORY} once the leg is older than a few memories
 */
public record LegProgress(Instant at, double distanceMeters, double closedMeters, double seconds) {

    /**
     * How long the pace remembers: long enough to average over the stops of city driving (a light, a slow junction:
     * one every few minutes), so that one of them does not swing the ETA; short enough that a driver who waited
     * after the assignment, or stopped on the way, is judged by how they drive now within a few minutes.
     */
    public static final Duration MEMORY = Duration.ofMinutes(5);

    /** A leg's first fix, {@code distanceMeters} from the stop: nothing measured yet. */
    public static LegProgress startingAt(Instant at, double distanceMeters) {
        return new LegProgress(at, distanceMeters, 0, 0);
    }

    /** The progress having also moved to {@code distanceMeters} from the stop at {@code at}, after {@link #at}. */
    public LegProgress then(Instant at, double distanceMeters) {
        double elapsed = Duration.between(this.at, at).toMillis() / 1000.0;
        double kept = Math.exp(-elapsed / MEMORY.toSeconds());
        return new LegProgress(at, distanceMeters, closedMeters * kept + (this.distanceMeters - distanceMeters),
                seconds * kept + elapsed);
    }
}
