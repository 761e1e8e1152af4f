package io.tracking.benchmark.scenario;

/**
 * How the capacity ramp's drivers send their pings: one WebSocket per driver (the driver app's way), to the ingest
 * service's Tomcat listener or to its Netty one, or one HTTP request per ping; each a row of the ramp.
 */
enum CapacityTransport {

    WEBSOCKET("ws", "ws", "WebSocket (Tomcat)"),
    WEBSOCKET_NETTY("ws-netty", "ws", "WebSocket (Netty)"),
    HTTP("http", "http-single", "HTTP single pings");

    private final String key;
    private final String simulatorMode;
    private final String title;

    CapacityTransport(String key, String simulatorMode, String title) {
        this.key = key;
        this.simulatorMode = simulatorMode;
        this.title = title;
    }

    /** Part of the figure keys and driver ids, e.g. {@code capacity.ws.drivers}. */
    String key() {
        return key;
    }

    /** The driver simulator's {@code --mode}. */
    String simulatorMode() {
        return simulatorMode;
    }

    String title() {
        return title;
    }

    /** One connection per driver: a file descriptor each, here and in the ingest service. */
    boolean streaming() {
        return this != HTTP;
    }
}
