package io.tracking.benchmark.tool;

import io.tracking.simulator.fleet.Fleet;

/**
 * Pings a {@link PingLoader} put on a topic.
 *
 * @param prefix driver id prefix of this load; no other load shares it
 * @param drivers drivers, numbered {@code 0..drivers-1} as {@link Fleet#driverId(String, int, int)} names them
 * @param pings records sent and acknowledged
 * @param seconds time the load took
 */
public record LoadedPings(String prefix, int drivers, long pings, double seconds) {

    public String driverId(int index) {
        return Fleet.driverId(prefix, index, drivers);
    }
}
