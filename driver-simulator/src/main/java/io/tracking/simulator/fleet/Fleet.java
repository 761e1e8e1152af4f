package io.tracking.simulator.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated drivers of one run, numbered from 0. Ids are the prefix followed by the zero-padded number, so
 * that runs with different prefixes never share a driver.
 */
public final class Fleet {

    private final List<DriverPath> paths;

    private Fleet(List<DriverPath> paths) {
        this.paths = paths;
    }

    /** {@code size} drivers, each with its own random stream derived from {@code seed} so that runs repeat. */
    public static Fleet create(String idPrefix, int size, CityArea area, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        List<DriverPath> paths = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            paths.add(new DriverPath(driverId(idPrefix, i, size), area, root.split()));
        }
        return new Fleet(List.copyOf(paths));
    }

    /** The id of driver {@code index} in a fleet of {@code size} with the given prefix. */
    public static String driverId(String idPrefix, int index, int size) {
        int width = Integer.toString(Math.max(0, size - 1)).length();
        String number = Integer.toString(index);
        return idPrefix + "0".repeat(Math.max(0, width - number.length())) + number;
    }

    public int size() {
        return paths.size();
    }

    public DriverPath path(int index) {
        return paths.get(index);
    }
}
