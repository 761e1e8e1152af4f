package io.tracking.simulator;

import java.util.Arrays;
import java.util.Optional;

/** How pings leave the simulator. */
enum Mode {

    /** {@code POST /api/v1/locations}, one ping per request. */
    HTTP_SINGLE("http-single"),
    /** {@code POST /api/v1/locations/batch}, one driver's buffered pings per request. */
    HTTP_BATCH("http-batch"),
    /**
     * {@code GET /api/v1/locations/stream}: one WebSocket connection per driver, one frame per ping, unanswered
     * pings sent again after a reconnect.
     */
    WS("ws"),
    /** Straight onto the Kafka topic as contract events, bypassing the ingest service. */
    KAFKA("kafka"),
    /** The pings of an NDJSON file, over HTTP one by one or onto Kafka. */
    REPLAY("replay"),
    /**
     * Orders, each with a driver who drives to the pickup, waits and drives to the drop-off; the trip events and
     * ETAs derived from the pings are read back and held against the true arrivals.
     */
    DELIVERY("delivery");

    private final String cliName;

    Mode(String cliName) {
        this.cliName = cliName;
    }

    String cliName() {
        return cliName;
    }

    static Optional<Mode> fromCliName(String name) {
        return Arrays.stream(values()).filter(mode -> mode.cliName.equals(name)).findFirst();
    }
}
