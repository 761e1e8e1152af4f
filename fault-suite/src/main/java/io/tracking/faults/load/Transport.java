package io.tracking.faults.load;

/**
 * How the load reaches the ingest service. The same fault is worth running over each: a dropped WebSocket
 * connection has the app resend what was not answered, which a request per ping never does.
 */
public enum Transport {

    /** {@code POST /api/v1/locations}, one request per ping. */
    HTTP("http"),

    /**
     * {@code GET /api/v1/locations/stream}, one connection per driver and one frame per ping, on the ingest service's
     * Netty listener: the driver apps' stream.
     */
    WS("ws");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** {@code http} or {@code ws}: in the result table, the JSON and the outcome names ({@code ws-202}). */
    public String label() {
        return label;
    }

    /** A scenario's name over this transport: HTTP keeps the base name, WebSocket adds {@code -ws}. */
    public String scenarioName(String baseName) {
        return this == HTTP ? baseName : baseName + "-" + label;
    }
}
