package io.tracking.benchmark.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The fleet sizes of the capacity ramp and how long each is held. The sizes grow geometrically (each step doubles the
 * fleet, so eight steps span 1,000 to the 100,000 drivers and the first break is found within a factor of
 * two, starting from a fleet that a small shared machine still carries); the ramp stops growing at the first step that
 * breaks a limit, then halves the gap between the largest fleet held and the smallest broken {@code refinements}
 * times, so that a doubling ramp does not understate the answer by up to half.
 *
 * @param steps fleet sizes in drivers, increasing
 * @param hold how long each size is held: the simulator's run, during which the probes and polls are measured
 * @param probeSpacing time between two freshness probes of a step
 * @param warmup how long the first size runs untimed before the ramp, once per transport, so that the first step
 *        does not measure the services' JIT compiling the path it takes (zero: no warm-up)
 * @param refinements how many sizes between the largest held and the smallest broken are measured after the first
 *        break
 */
record CapacityRamp(List<Integer> steps, Duration hold, Duration probeSpacing, Duration warmup, int refinements) {

    /** Each driver sends one ping this often. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(4);
    /** Each polled driver's customer asks for its position this often. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** One driver in this many has an order whose customer keeps its tracking stream open (1 %). */
    static final int DRIVERS_PER_ORDER = 100;
    /** One driver in this many is polled by a customer (5 %). */
    static final int DRIVERS_PER_POLLED = 20;
    static final int FIRST_STEP = 1_000;
    static final int LAST_STEP = 100_000;
    /** Refined sizes are multiples of this, and no size is tried within it of one measured. */
    static final int REFINEMENT_GRAIN = 500;

    CapacityRamp {
        steps = List.copyOf(steps);
    }

    /**
     * Full: 1,000 to 100,000 drivers, each held 3 minutes after a minute's warm-up, two refinements; quick: the same
     * sizes held 30 s after 15 s, two refinements; smoke: 100 and 200 drivers held 2 s without a warm-up or
     * refinement, which only proves that every part of a step runs.
     */
    static CapacityRamp of(BenchmarkSettings settings) {
        if (settings.isSmoke()) {
            return new CapacityRamp(List.of(100, 200), Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ZERO, 0);
        }
        if (settings.isFull()) {
            return new CapacityRamp(geometric(FIRST_STEP, LAST_STEP), Duration.ofMinutes(3), Duration.ofSeconds(1),
                    Duration.ofMinutes(1), 2);
        }
        return new CapacityRamp(geometric(FIRST_STEP, LAST_STEP), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(15), 2);
    }

    /** This ramp with each step held for {@code newHold}: the warm-up's single step. */
    CapacityRamp withHold(Duration newHold) {
        return new CapacityRamp(steps, newHold, probeSpacing, warmup, refinements);
    }

    /**
     * The size halfway between a fleet held and a larger one that broke, rounded to {@value #REFINEMENT_GRAIN}
     * drivers; empty when the two are too close for a size between them to tell anything.
     */
    static OptionalInt between(int held, int broken) {
        int middle = (int) Math.round((held + broken) / 2.0 / REFINEMENT_GRAIN) * REFINEMENT_GRAIN;
        return middle - held >= REFINEMENT_GRAIN && broken - middle >= REFINEMENT_GRAIN ? OptionalInt.of(middle)
                : OptionalInt.empty();
    }

    /** {@code first}, twice that, four times that... while below {@code last}, then {@code last}. */
    static List<Integer> geometric(int first, int last) {
        List<Integer> sizes = new ArrayList<>();
        for (long size = first; size < last; size *= 2) {
            sizes.add((int) size);
        }
        sizes.add(last);
        return sizes;
    }

    /** The steps of at most {@code maxDrivers} drivers. */
    List<Integer> stepsUpTo(int maxDrivers) {
        return steps.stream().filter(size -> size <= maxDrivers).toList();
    }

    /** Drivers with an order and an open tracking stream in a fleet of {@code drivers}: at least one. */
    static int orders(int drivers) {
        return Math.max(1, drivers / DRIVERS_PER_ORDER);
    }

    /** Drivers polled by customers in a fleet of {@code drivers}: at least one. */
    static int polled(int drivers) {
        return Math.max(1, drivers / DRIVERS_PER_POLLED);
    }

    /**
     * How long after the start of a step the customers start polling: once every driver sent its first ping (they
     * are spread over the first ping interval), so that polls read positions rather than 404s; half the hold when
     * that is shorter (the smoke mode).
     */
    Duration pollDelay() {
        Duration settled = PING_INTERVAL.plusSeconds(1);
        return settled.compareTo(hold.dividedBy(2)) < 0 ? settled : hold.dividedBy(2);
    }
}
